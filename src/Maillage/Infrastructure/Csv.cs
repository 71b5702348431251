using System.Text;

namespace Maillage.Infrastructure;

/// <summary>CSV as French spreadsheets open it: semicolon separator, UTF-8 with BOM, quoted when needed.</summary>
public static class Csv
{
    /// <summary>
    /// Reads CSV records (RFC 4180 quoting, CRLF or LF, BOM ignored). The separator is guessed from the
    /// header line: ';' as French spreadsheets write it, else a tab, else ','. Each record carries the
    /// line number where it starts, for error reports. Blank lines are skipped.
    /// </summary>
    /// <summary>
    /// Where each known column is in a header line (names are matched case-insensitively). A column we do
    /// not know, or a required one missing, refuses the whole file: its lines would be misread.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Columns(IReadOnlyList<string> header, IReadOnlyList<string> known, IReadOnlyList<string> required)
    {
        var names = header.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var unknown = names.Where(h => h.Length > 0 && !known.Contains(h)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid($"Colonne(s) inconnue(s) : {string.Join(", ", unknown)}. Colonnes possibles : {string.Join(", ", known)}.", "file");
        }

        var missing = required.Where(c => !names.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw DomainException.Invalid($"Colonne(s) obligatoire(s) absente(s) : {string.Join(", ", missing)}.", "file");
        }

        return names.Select((h, i) => (h, i)).Where(x => x.h.Length > 0).GroupBy(x => x.h).ToDictionary(g => g.Key, g => g.First().i);
    }

    public static IEnumerable<(int Line, IReadOnlyList<string> Fields)> Read(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var firstLineEnd = text.IndexOfAny(['\r', '\n']);
        var header = firstLineEnd < 0 ? text : text[..firstLineEnd];
        var separator = header.Contains(';') ? ';' : header.Contains('\t') ? '\t' : ',';

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var recordLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    field.Append(ch);
                }
            }
            else if (ch == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (ch == separator)
            {
                fields.Add(Unescape(field));
                field.Clear();
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(Unescape(field));
                field.Clear();
                if (fields.Count > 1 || fields[0].Length > 0)
                {
                    yield return (recordLine, fields);
                }

                fields = [];
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(Unescape(field));
            yield return (recordLine, fields);
        }
    }

    /// <summary>Undoes <see cref="Escape"/>'s protection against spreadsheet formulas ("'+33…" → "+33…").</summary>
    private static string Unescape(StringBuilder field) =>
        field.Length > 1 && field[0] == '\'' && "=+-@".Contains(field[1]) ? field.ToString(1, field.Length - 1) : field.ToString();

    public static byte[] Write(IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        var builder = new StringBuilder();
        builder.AppendJoin(';', header.Select(Escape)).Append("\r\n");
        foreach (var row in rows)
        {
            builder.AppendJoin(';', row.Select(v => Escape(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? ""))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(builder.ToString())];
    }

    private static string Escape(string value)
    {
        // A leading =, +, - or @ would be run as a formula by spreadsheets.
        if (value.Length > 0 && "=+-@".Contains(value[0]) && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
