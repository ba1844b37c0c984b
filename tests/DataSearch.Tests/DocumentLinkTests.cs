using System.Text.RegularExpressions;
using DataSearch.Tests.Support;

namespace DataSearch.Tests;

/// <summary>Every relative link in the README, docs/, examples/ and results/ leads to a file that exists, and to a heading of it.</summary>
public partial class DocumentLinkTests
{
    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#+\s+(.*)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex NotInAnchor();

    /// <summary>The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(CodeBlock().Replace(File.ReadAllText(file), string.Empty)))
        {
            var anchor = NotInAnchor().Replace(heading.Groups[1].Value.Trim().ToLowerInvariant(), string.Empty).Replace(' ', '-');
            var unique = anchor;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{anchor}-{n}";
            }
        }

        return anchors;
    }

    [Fact]
    public void Every_relative_link_leads_to_an_existing_file_and_heading()
    {
        var repository = RepositoryFolder.Path;
        var files = new[] { "docs", "examples", "results" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(repository, folder), "*.md", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Prepend(Path.Combine(repository, "README.md")).ToList();
        var broken = new List<string>();
        var links = 0;
        foreach (var file in files)
        {
            foreach (Match match in Link().Matches(CodeBlock().Replace(File.ReadAllText(file), string.Empty)))
            {
                var link = match.Groups[1].Value;
                if (link.Contains("://", StringComparison.Ordinal) || link.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                links++;
                var hash = link.IndexOf('#', StringComparison.Ordinal);
                var (path, anchor) = hash < 0 ? (link, null) : (link[..hash], link[(hash + 1)..]);
                var target = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));
                var where = $"{Path.GetRelativePath(repository, file)}: {link}";
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    broken.Add($"{where} (no such file)");
                }
                else if (anchor is not null && target.EndsWith(".md", StringComparison.Ordinal) && !Anchors(target).Contains(anchor))
                {
                    broken.Add($"{where} (no such heading)");
                }
            }
        }

        Assert.True(links > 50, $"only {links} relative links found: is the pattern still right?");
        Assert.True(broken.Count == 0, "broken links:\n" + string.Join('\n', broken));
    }
}
