using DataSearch.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace DataSearch.IO;

/// <summary>
/// Every parse of YAML text goes through here, so that whatever the parser throws on broken text
/// (a <see cref="YamlException"/> with its position, or the <see cref="InvalidOperationException"/> its
/// scanner raises on some unclosed flow collections) becomes a located error instead of a crash. A
/// document counts its nodes as if every alias were expanded, and one past <see cref="MaxNodes"/> (an
/// alias "bomb" of a few lines can stand for billions) is refused before anything walks it.
/// </summary>
public static class YamlText
{
    /// <summary>The most nodes a document may hold with its aliases expanded: far beyond any config or recipe.</summary>
    public const long MaxNodes = 100_000;

    /// <summary>Parses <paramref name="text"/> into a YAML stream.</summary>
    /// <exception cref="YamlSyntaxException">The text is not YAML; the exception says where.</exception>
    public static YamlStream Load(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        Run(text, parser => stream.Load(parser));
        return stream;
    }

    /// <summary>Deserialises <paramref name="text"/> with <paramref name="deserializer"/>; null for an empty document.</summary>
    /// <exception cref="YamlSyntaxException">The text is not YAML, or does not fit <typeparamref name="T"/> (unknown key, wrong type); the exception says where.</exception>
    public static T? Deserialize<T>(IDeserializer deserializer, string text)
    {
        ArgumentNullException.ThrowIfNull(deserializer);
        ArgumentNullException.ThrowIfNull(text);
        T? value = default;
        Run(text, parser => value = deserializer.Deserialize<T?>(parser));
        return value;
    }

    /// <summary>
    /// <see cref="Deserialize{T}"/> for a config file: a failure becomes an <see cref="InvalidConfigurationException"/>
    /// naming <paramref name="path"/> and the line.
    /// </summary>
    public static T? DeserializeFile<T>(IDeserializer deserializer, string text, string path)
    {
        try
        {
            return Deserialize<T>(deserializer, text);
        }
        catch (YamlSyntaxException e)
        {
            throw new InvalidConfigurationException(path, [$"line {e.Line}: {e.Message}"]);
        }
    }

    // What the scanner's InvalidOperationException means in practice; its own message says nothing useful.
    private const string Unclosed = "not valid YAML near here: is a '{' or '[' left unclosed?";

    private static void Run(string text, Action<IParser> parse)
    {
        var scanner = new Scanner(new StringReader(text));
        try
        {
            parse(new BoundedParser(new Parser(scanner)));
        }
        catch (YamlException e) when (e.InnerException is InvalidOperationException)
        {
            throw new YamlSyntaxException(e.Start.Line, e.Start.Column, Unclosed, e);
        }
        catch (YamlException e)
        {
            // A deserialiser wraps the real reason (an unknown key, a bad number) as the inner exception.
            throw new YamlSyntaxException(e.Start.Line, e.Start.Column, e.InnerException?.Message ?? e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            var at = scanner.CurrentPosition;
            throw new YamlSyntaxException(at.Line, at.Column, Unclosed, e);
        }
    }
}

/// <summary>Passes a parser's events on, counting the nodes they stand for with aliases expanded.</summary>
internal sealed class BoundedParser(IParser inner) : IParser
{
    private readonly Dictionary<string, long> anchorSizes = new(StringComparer.Ordinal);
    private readonly Stack<(string? Anchor, long Start)> open = new();
    private long nodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case AnchorAlias alias:
                nodes += anchorSizes.GetValueOrDefault(alias.Value.Value, 1);
                break;
            case Scalar scalar:
                nodes++;
                if (!scalar.Anchor.IsEmpty)
                {
                    anchorSizes[scalar.Anchor.Value] = 1;
                }

                break;
            case NodeEvent start when start is SequenceStart or MappingStart:
                nodes++;
                open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, nodes));
                break;
            case SequenceEnd or MappingEnd when open.Count > 0:
                var (anchor, first) = open.Pop();
                if (anchor is not null)
                {
                    anchorSizes[anchor] = nodes - first + 1;
                }

                break;
        }

        return nodes <= YamlText.MaxNodes
            ? true
            : throw new YamlException(inner.Current!.Start, inner.Current.End, $"the document stands for more than {YamlText.MaxNodes:N0} nodes once its aliases are expanded (an alias bomb?); write it out without aliases");
    }
}

/// <summary>YAML text that could not be parsed or deserialised, with the 1-based line and column where it went wrong.</summary>
public sealed class YamlSyntaxException(long line, long column, string message, Exception inner) : Exception(message, inner)
{
    /// <summary>The 1-based line.</summary>
    public long Line { get; } = line;

    /// <summary>The 1-based column.</summary>
    public long Column { get; } = column;
}
