using System.Security.Cryptography;
using System.Text;

namespace DataSearch.Signals;

/// <summary>
/// A small set of texts that stand for one benchmark (AutoSelection's <c>target_vector_samples</c>):
/// relevance and MONA signals score every pool sample against it.
/// </summary>
/// <param name="Name">The benchmark name (the file's stem).</param>
/// <param name="Texts">One text per target sample.</param>
public sealed record TargetSet(string Name, IReadOnlyList<string> Texts)
{
    /// <summary>A short content hash of a list of target sets, for signal cache keys.</summary>
    public static string HashOf(IReadOnlyList<TargetSet> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var text = new StringBuilder();
        foreach (var target in targets)
        {
            text.Append(target.Name).Append('\u001e');
            foreach (var item in target.Texts)
            {
                text.Append(item).Append('\u001f');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
