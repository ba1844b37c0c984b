namespace DataSearch.Pool.Import;

/// <summary>Shapes System.Text.Json's error messages for people.</summary>
internal static class JsonMessages
{
    /// <summary>
    /// Drops the position System.Text.Json appends ("LineNumber: 0 | BytePositionInLine: 29", "Path: $"):
    /// the importer reports the position itself, in the file's terms.
    /// </summary>
    public static string WithoutPosition(string message)
    {
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd('.', ' ');
    }
}
