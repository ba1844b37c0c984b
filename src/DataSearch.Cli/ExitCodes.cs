namespace DataSearch.Cli;

/// <summary>The process exit codes of <c>datasearch</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran and failed: bad input data, a damaged file, an interrupted run.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong: unknown option, missing argument, bad value.</summary>
    public const int Usage = 2;
}
