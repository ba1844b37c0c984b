namespace DataSearch.Pool.Import;

/// <summary>How an input file holds its records.</summary>
internal enum InputFileKind
{
    /// <summary>One JSON record per line.</summary>
    JsonLines,

    /// <summary>One JSON document: an array of records, or a single record.</summary>
    JsonDocument,

    /// <summary>An Apache Parquet file, one record per row.</summary>
    Parquet,
}

/// <summary>Tells an input file's kind from its first bytes, falling back on its extension.</summary>
internal static class InputFileKinds
{
    public static InputFileKind Of(string path)
    {
        Span<byte> head = stackalloc byte[4096];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..read];
        if (head.StartsWith("PAR1"u8))
        {
            return InputFileKind.Parquet;
        }

        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        var first = head.IndexOfAnyExcept(" \t\r\n"u8);
        if (first >= 0 && head[first] == (byte)'[')
        {
            return InputFileKind.JsonDocument;
        }

        // A .json file whose object spans several lines is one record, not JSON Lines.
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && first >= 0 && head[first] == (byte)'{' && !LooksLikeOneObjectPerLine(path))
        {
            return InputFileKind.JsonDocument;
        }

        return InputFileKind.JsonLines;
    }

    private static bool LooksLikeOneObjectPerLine(string path)
    {
        using var reader = new StreamReader(path);
        var firstLine = reader.ReadLine()?.Trim() ?? string.Empty;
        return firstLine.StartsWith('{') && firstLine.EndsWith('}');
    }
}
