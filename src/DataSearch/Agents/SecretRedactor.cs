namespace DataSearch.Agents;

/// <summary>
/// Replaces every known secret (API keys, tokens, passwords from the environment) in a text by
/// <c>[redacted]</c>. The chat client passes every text an endpoint returns through it before anything
/// else sees that text, so a server that echoes a key cannot put it into logs, run folders or reports.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "[redacted]";

    /// <summary>Values shorter than this are not treated as secrets (masking "1" or "yes" everywhere would garble text).</summary>
    public const int MinimumLength = 6;

    /// <summary>Variables read as secrets whatever the process environment holds.</summary>
    public static readonly IReadOnlyList<string> KnownSecretVariables = ["OPENAI_API_KEY", "ANSWER_API_KEY"];

    private static readonly string[] SecretNameParts = ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL"];

    private readonly string[] secrets;

    /// <summary>A redactor for <paramref name="secrets"/> (null, empty and too-short values are ignored).</summary>
    public SecretRedactor(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);

        // Longest first, so a secret that contains another is masked whole.
        this.secrets = [.. secrets.OfType<string>().Where(s => s.Length >= MinimumLength).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    }

    /// <summary>A redactor that masks nothing.</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>How many distinct secrets are masked.</summary>
    public int Count => secrets.Length;

    /// <summary>
    /// The secrets of an environment: the <see cref="KnownSecretVariables"/> and every variable named in
    /// <paramref name="variableNames"/> (the process's variables when null) whose name says it holds a key,
    /// token, secret, password or credential, each read through <paramref name="variables"/>.
    /// </summary>
    public static SecretRedactor FromEnvironment(Func<string, string?> variables, IEnumerable<string>? variableNames = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var names = new SortedSet<string>(KnownSecretVariables, StringComparer.Ordinal);
        names.UnionWith((variableNames ?? Environment.GetEnvironmentVariables().Keys.OfType<string>()).Where(IsSecretName));
        return new SecretRedactor(names.Select(variables));
    }

    /// <summary>Whether a variable's name says it holds a secret (<c>OPENAI_API_KEY</c>, <c>HF_TOKEN</c>, <c>DB_PASSWORD</c>).</summary>
    public static bool IsSecretName(string name) =>
        SecretNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    /// <summary>A redactor that masks this one's secrets and <paramref name="more"/>.</summary>
    public SecretRedactor With(IEnumerable<string?> more) => new(secrets.Concat(more));

    /// <summary><paramref name="text"/> with every secret replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary><see cref="Redact(string)"/> that lets null through.</summary>
    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);
}
