using DataSearch.Progress;
using DataSearch.Signals;
using DataSearch.Text;

namespace ExampleExtension;

/// <summary>An extra signal (<c>precompute_features</c>): <c>question_marks</c>, the number of '?' in the instruction.</summary>
public sealed class QuestionMarks : ISignalProvider
{
    /// <inheritdoc />
    public string Name => "question_marks";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Key(SignalInput input) => string.Empty;

    /// <inheritdoc />
    public SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var counts = new float[input.Pool.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = SampleText.Instruction(input.Pool, i).Count(c => c == '?');
        }

        return new SignalBlock(Name, Version, string.Empty, [SignalColumn.OfScores("question_marks", counts)]);
    }
}
