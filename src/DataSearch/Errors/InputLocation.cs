namespace DataSearch.Errors;

/// <summary>Where in an input something was found: a file, a 1-based line (0 when unknown) and a field path.</summary>
public readonly record struct InputLocation(string File, long Line, string? Field = null)
{
    /// <summary>Formats as <c>file:line field 'x'</c>, the shape every error message starts with.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        return Field is null ? where : $"{where}: field '{Field}'";
    }
}
