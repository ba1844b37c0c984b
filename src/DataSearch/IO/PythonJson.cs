using System.Text;

namespace DataSearch.IO;

/// <summary>JSON as Python's <c>json</c> module writes it, read by a strict parser.</summary>
public static class PythonJson
{
    /// <summary>
    /// Python's json module writes NaN and ±Infinity as bare words (pandas exports such files, e.g.
    /// AutoSelection's GPQA targets); they become null here. Text inside strings is never touched.
    /// </summary>
    public static string WithoutNonFiniteLiterals(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.Contains("NaN", StringComparison.Ordinal) && !line.Contains("Infinity", StringComparison.Ordinal))
        {
            return line;
        }

        var result = new StringBuilder(line.Length);
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < line.Length)
                {
                    result.Append(line[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            var literal = new[] { "-Infinity", "Infinity", "NaN" }.FirstOrDefault(l => string.CompareOrdinal(line, i, l, 0, l.Length) == 0);
            if (literal is not null)
            {
                result.Append("null");
                i += literal.Length - 1;
                continue;
            }

            inString = c == '"';
            result.Append(c);
        }

        return result.ToString();
    }
}
