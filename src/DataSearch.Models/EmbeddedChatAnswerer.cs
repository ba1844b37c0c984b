using DataSearch.Evaluation.Chat;
using DataSearch.Progress;

namespace DataSearch.Models;

/// <summary>
/// Answers with an embedded model checkpoint (a search's or an acquisition run's policy), greedily. The
/// embedded models are byte-level with a context of a few dozen bytes, trained on a skill world: each turn
/// is answered from the last half-context of the conversation so far, leaving the other half for the
/// answer. Their chat answers are not meant to be good; this backend lets answer → judge run end to end
/// on a laptop.
/// </summary>
public sealed class EmbeddedChatAnswerer(LanguageModel model, string name) : IChatAnswerer
{
    private const int BatchSize = 32;

    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public void Answer(IReadOnlyList<ChatQuestion> questions, Action<ChatQuestion, IReadOnlyList<string>> answered, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(answered);
        var half = model.Config.Context / 2;
        foreach (var batch in questions.Chunk(BatchSize))
        {
            cancellation.ThrowIfCancellationRequested();
            var conversations = batch.Select(_ => string.Empty).ToArray();
            var answers = batch.Select(_ => new List<string>()).ToArray();
            for (var turn = 0; turn < batch.Max(q => q.Turns.Count); turn++)
            {
                var asking = Enumerable.Range(0, batch.Length).Where(i => turn < batch[i].Turns.Count).ToArray();
                var prompts = asking.Select(i => Tail(conversations[i] + batch[i].Turns[turn], half)).ToArray();
                var replies = model.Answer(prompts, half);
                for (var r = 0; r < asking.Length; r++)
                {
                    var i = asking[r];
                    answers[i].Add(replies[r]);
                    conversations[i] += batch[i].Turns[turn] + "\n" + replies[r] + "\n";
                }
            }

            for (var i = 0; i < batch.Length; i++)
            {
                answered(batch[i], answers[i]);
            }
        }
    }

    /// <summary>The last <paramref name="characters"/> characters (the model reads only a prompt's end).</summary>
    private static string Tail(string text, int characters) => text.Length <= characters ? text : text[^characters..];
}
