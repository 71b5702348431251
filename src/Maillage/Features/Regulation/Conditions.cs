using System.Globalization;
using System.Text;

namespace Maillage.Features.Regulation;

/// <summary>Three-valued: a condition on a question not asked yet is neither true nor false.</summary>
public enum Truth
{
    False,
    True,
    Unknown,
}

public enum Comparison
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>
/// A rule condition, parsed from the protocol language. Answers map a question id to true/false, an
/// option value, a number, or null ("ne sait pas"); a question absent from the answers has not been
/// asked, which makes the conditions on it <see cref="Truth.Unknown"/> — how the orientation can be known
/// before every question is answered.
/// </summary>
public abstract record Condition
{
    public abstract Truth Evaluate(IReadOnlyDictionary<string, object?> answers);

    /// <summary>The questions this condition reads.</summary>
    public abstract IEnumerable<string> Questions();

    /// <summary>The numbers a number question is compared with, per question: where the answer's truth can change.</summary>
    public abstract IEnumerable<(string Question, double Value)> Thresholds();

    public static Truth Not(Truth t) => t switch { Truth.True => Truth.False, Truth.False => Truth.True, _ => Truth.Unknown };
}

public sealed record Always : Condition
{
    public override Truth Evaluate(IReadOnlyDictionary<string, object?> answers) => Truth.True;

    public override IEnumerable<string> Questions() => [];

    public override IEnumerable<(string Question, double Value)> Thresholds() => [];
}

public sealed record NotCondition(Condition Inner) : Condition
{
    public override Truth Evaluate(IReadOnlyDictionary<string, object?> answers) => Not(Inner.Evaluate(answers));

    public override IEnumerable<string> Questions() => Inner.Questions();

    public override IEnumerable<(string Question, double Value)> Thresholds() => Inner.Thresholds();
}

/// <param name="All">True for "et" (all must hold), false for "ou" (one is enough).</param>
public sealed record Junction(bool All, IReadOnlyList<Condition> Parts) : Condition
{
    public override Truth Evaluate(IReadOnlyDictionary<string, object?> answers)
    {
        var decisive = All ? Truth.False : Truth.True;
        var unknown = false;
        foreach (var part in Parts)
        {
            var t = part.Evaluate(answers);
            if (t == decisive)
            {
                return decisive;
            }

            unknown |= t == Truth.Unknown;
        }

        return unknown ? Truth.Unknown : Not(decisive);
    }

    public override IEnumerable<string> Questions() => Parts.SelectMany(p => p.Questions());

    public override IEnumerable<(string Question, double Value)> Thresholds() => Parts.SelectMany(p => p.Thresholds());
}

/// <summary>
/// One question against one value. <see cref="Value"/> is true/false, an option value, a number, or null
/// for "inconnu". A "ne sait pas" answer satisfies only "= inconnu".
/// </summary>
public sealed record Test(string Question, Comparison Op, object? Value) : Condition
{
    public override Truth Evaluate(IReadOnlyDictionary<string, object?> answers)
    {
        if (!answers.TryGetValue(Question, out var answer))
        {
            return Truth.Unknown;
        }

        if (answer is null || Value is null)
        {
            var same = answer is null && Value is null;
            return Op switch
            {
                Comparison.Equal => same ? Truth.True : Truth.False,
                Comparison.NotEqual => Value is null && !same ? Truth.True : Truth.False,
                _ => Truth.False,
            };
        }

        var holds = (answer, Value) switch
        {
            (double a, double v) => Op switch
            {
                Comparison.Equal => a == v,
                Comparison.NotEqual => a != v,
                Comparison.Less => a < v,
                Comparison.LessOrEqual => a <= v,
                Comparison.Greater => a > v,
                _ => a >= v,
            },
            _ => Op == Comparison.Equal ? Equals(answer, Value) : !Equals(answer, Value),
        };
        return holds ? Truth.True : Truth.False;
    }

    public override IEnumerable<string> Questions() => [Question];

    public override IEnumerable<(string Question, double Value)> Thresholds() => Value is double d ? [(Question, d)] : [];
}

public sealed record InList(string Question, IReadOnlyList<string> Values) : Condition
{
    public override Truth Evaluate(IReadOnlyDictionary<string, object?> answers) =>
        !answers.TryGetValue(Question, out var answer) ? Truth.Unknown
        : answer is string s && Values.Contains(s) ? Truth.True : Truth.False;

    public override IEnumerable<string> Questions() => [Question];

    public override IEnumerable<(string Question, double Value)> Thresholds() => [];
}

/// <summary>A mistake in a condition, with where it is (1-based character position).</summary>
public sealed class ConditionException(string message, int position) : Exception($"{message} (caractère {position})")
{
    public int Position { get; } = position;
}

/// <summary>
/// The protocol language, in French so the team's doctors can read it:
/// <c>spo2 &lt; 92 ou (fievre et pas medecin_traitant_joignable)</c>, <c>motif dans ["toux", "fievre"]</c>,
/// <c>temperature = inconnu</c>, <c>toujours</c>. A yes/no question alone means "= oui". Conditions are
/// checked against the questions while parsing: unknown question, wrong kind of value, unknown option.
/// </summary>
public static class ConditionParser
{
    private enum Kind { Word, Number, Text, Symbol, End }

    private sealed record Token(Kind Kind, string Text, int Position, double Number = 0);

    public static Condition Parse(string text, IReadOnlyDictionary<string, ProtocolQuestion> questions)
    {
        var tokens = Tokenize(text);
        var index = 0;
        var depth = 0;
        var result = Or();
        if (tokens[index].Kind != Kind.End)
        {
            throw new ConditionException($"« {tokens[index].Text} » inattendu : il manque « et » ou « ou » ?", tokens[index].Position);
        }

        return result;

        Token Peek() => tokens[index];
        Token Next() => tokens[index++];
        bool IsWord(string word) => Peek().Kind == Kind.Word && Peek().Text == word;

        Condition Or()
        {
            var parts = new List<Condition> { And() };
            while (IsWord("ou"))
            {
                Next();
                parts.Add(And());
            }

            return parts.Count == 1 ? parts[0] : new Junction(false, parts);
        }

        Condition And()
        {
            var parts = new List<Condition> { Unary() };
            while (IsWord("et"))
            {
                Next();
                parts.Add(Unary());
            }

            return parts.Count == 1 ? parts[0] : new Junction(true, parts);
        }

        Condition Unary()
        {
            // A condition is read aloud by doctors: far below this; the limit keeps a pasted monster from exhausting the stack.
            if (++depth > 50)
            {
                throw new ConditionException("Condition trop imbriquée (plus de 50 niveaux de parenthèses ou de « pas »)", Peek().Position);
            }

            try
            {
                return UnaryInner();
            }
            finally
            {
                depth--;
            }
        }

        Condition UnaryInner()
        {
            if (IsWord("pas"))
            {
                Next();
                return new NotCondition(Unary());
            }

            var token = Next();
            if (token is { Kind: Kind.Symbol, Text: "(" })
            {
                var inner = Or();
                Expect(")");
                return inner;
            }

            if (token is { Kind: Kind.Word, Text: "toujours" })
            {
                return new Always();
            }

            if (token.Kind != Kind.Word || IsKeyword(token.Text))
            {
                throw new ConditionException(token.Kind == Kind.End ? "Condition incomplète" : $"« {token.Text} » inattendu : une question était attendue", token.Position);
            }

            if (!questions.TryGetValue(token.Text, out var question))
            {
                throw new ConditionException($"La question « {token.Text} » n'existe pas", token.Position);
            }

            return Comparison(question, token);
        }

        Condition Comparison(ProtocolQuestion question, Token name)
        {
            var id = question.Id!;
            if (IsWord("dans"))
            {
                Next();
                if (question.Type != QuestionType.Choice)
                {
                    throw new ConditionException($"« dans » ne s'applique qu'aux questions à choix, pas à « {id} »", name.Position);
                }

                Expect("[");
                var values = new List<string>();
                do
                {
                    values.Add(Option(question, Next()));
                }
                while (Accept(","));
                Expect("]");
                return new InList(id, values);
            }

            if (Peek().Kind != Kind.Symbol || Operator(Peek().Text) is not { } op)
            {
                if (question.Type == QuestionType.YesNo)
                {
                    return new Test(id, Regulation.Comparison.Equal, true);
                }

                throw new ConditionException($"La question « {id} » doit être comparée (=, !=, <, <=, >, >={(question.Type == QuestionType.Choice ? ", dans" : "")})", name.Position);
            }

            var opToken = Next();
            var literal = Next();
            if (literal is { Kind: Kind.Word, Text: "inconnu" })
            {
                if (!question.Optional)
                {
                    throw new ConditionException($"La question « {id} » n'accepte pas « ne sait pas » : « inconnu » ne peut pas être sa réponse", literal.Position);
                }

                return op is Regulation.Comparison.Equal or Regulation.Comparison.NotEqual
                    ? new Test(id, op, null)
                    : throw new ConditionException("« inconnu » se compare avec = ou != seulement", opToken.Position);
            }

            switch (question.Type)
            {
                case QuestionType.Number:
                    if (literal.Kind != Kind.Number)
                    {
                        throw new ConditionException($"« {id} » est un nombre : « {literal.Text} » ne peut pas lui être comparé", literal.Position);
                    }

                    return new Test(id, op, literal.Number);
                case QuestionType.YesNo:
                    if (op is not (Regulation.Comparison.Equal or Regulation.Comparison.NotEqual) || literal.Text is not ("oui" or "non") || literal.Kind != Kind.Word)
                    {
                        throw new ConditionException($"« {id} » se répond par oui ou non : écrivez « {id} », « pas {id} » ou « {id} = oui »", literal.Position);
                    }

                    return new Test(id, op, literal.Text == "oui");
                default:
                    if (op is not (Regulation.Comparison.Equal or Regulation.Comparison.NotEqual))
                    {
                        throw new ConditionException($"« {id} » est une question à choix : seuls =, != et dans s'appliquent", opToken.Position);
                    }

                    return new Test(id, op, Option(question, literal));
            }
        }

        string Option(ProtocolQuestion question, Token token)
        {
            if (token.Kind != Kind.Text)
            {
                throw new ConditionException($"Une valeur entre guillemets était attendue pour « {question.Id} »", token.Position);
            }

            return question.Options?.Any(o => o.Value == token.Text) == true
                ? token.Text
                : throw new ConditionException($"« {token.Text} » n'est pas un choix de la question « {question.Id} »", token.Position);
        }

        void Expect(string symbol)
        {
            var token = Next();
            if (token.Kind != Kind.Symbol || token.Text != symbol)
            {
                throw new ConditionException($"« {symbol} » attendu{(token.Kind == Kind.End ? " avant la fin" : $" au lieu de « {token.Text} »")}", token.Position);
            }
        }

        bool Accept(string symbol)
        {
            if (Peek().Kind == Kind.Symbol && Peek().Text == symbol)
            {
                Next();
                return true;
            }

            return false;
        }
    }

    private static bool IsKeyword(string word) => word is "et" or "ou" or "pas" or "oui" or "non" or "inconnu" or "dans" or "toujours";

    private static Comparison? Operator(string text) => text switch
    {
        "=" => Regulation.Comparison.Equal,
        "!=" => Regulation.Comparison.NotEqual,
        "<" => Regulation.Comparison.Less,
        "<=" => Regulation.Comparison.LessOrEqual,
        ">" => Regulation.Comparison.Greater,
        ">=" => Regulation.Comparison.GreaterOrEqual,
        _ => null,
    };

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var start = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiLetterLower(c) || c == '_')
            {
                var end = i;
                while (end < text.Length && (char.IsAsciiLetterLower(text[end]) || char.IsAsciiDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                tokens.Add(new Token(Kind.Word, text[i..end], start));
                i = end;
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var end = i + 1;
                while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
                {
                    end++;
                }

                if (end < text.Length && text[end] == ',' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))
                {
                    throw new ConditionException("Les décimales s'écrivent avec un point : 37.8", end + 1);
                }

                if (!double.TryParse(text[i..end], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    throw new ConditionException($"Nombre illisible « {text[i..end]} »", start);
                }

                tokens.Add(new Token(Kind.Number, text[i..end], start, number));
                i = end;
            }
            else if (c == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new ConditionException("Guillemet non fermé", start);
                }

                tokens.Add(new Token(Kind.Text, text[(i + 1)..end], start));
                i = end + 1;
            }
            else if (c is '<' or '>' or '!' or '=')
            {
                var two = i + 1 < text.Length && text[i + 1] == '=';
                var symbol = two ? text.Substring(i, 2) : c.ToString();
                if (symbol == "!")
                {
                    throw new ConditionException("« ! » seul n'existe pas : écrivez « != » ou « pas »", start);
                }

                tokens.Add(new Token(Kind.Symbol, symbol, start));
                i += two ? 2 : 1;
            }
            else if (c is '(' or ')' or '[' or ']' or ',')
            {
                tokens.Add(new Token(Kind.Symbol, c.ToString(), start));
                i++;
            }
            else
            {
                var hint = char.IsUpper(c) || c > 127 ? " (identifiants en minuscules sans accent, mots-clés : et, ou, pas, dans, oui, non, inconnu, toujours)" : "";
                throw new ConditionException($"Caractère inattendu « {c} »{hint}", start);
            }
        }

        tokens.Add(new Token(Kind.End, "", text.Length + 1));
        return tokens;
    }

    /// <summary>Answers as one line, for messages: "spo2 = 91, fievre = oui, temperature = ne sait pas".</summary>
    public static string Describe(IReadOnlyDictionary<string, object?> answers, IEnumerable<ProtocolQuestion> order)
    {
        var text = new StringBuilder();
        foreach (var q in order.Where(q => answers.ContainsKey(q.Id!)))
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(q.Id).Append(" = ").Append(answers[q.Id!] switch
            {
                null => "ne sait pas",
                true => "oui",
                false => "non",
                double d => d.ToString(CultureInfo.InvariantCulture),
                var v => $"\"{v}\"",
            });
        }

        return text.ToString();
    }
}
