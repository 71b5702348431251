using System.Text;

namespace Maillage.Infrastructure;

/// <summary>CSV as French spreadsheets open it: semicolon separator, UTF-8 with BOM, quoted when needed.</summary>
public static class Csv
{
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
