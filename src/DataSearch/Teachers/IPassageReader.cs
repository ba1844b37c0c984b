using DataSearch.Retrieval;

namespace DataSearch.Teachers;

/// <summary>
/// Turns a retrieved passage into training pairs: the reading step of <c>retrieve</c>. An environment
/// supplies its reader; <see cref="ContinuationReader"/> works on any corpus.
/// </summary>
public interface IPassageReader
{
    /// <summary>Changes whenever the reader would read a passage differently (part of cached calls' keys).</summary>
    string Version { get; }

    /// <summary>The pairs of one passage, in sentence order.</summary>
    IReadOnlyList<TeacherPair> Read(CorpusPassage passage);
}
