using DataSearch.Agents;
using DataSearch.Progress;

namespace DataSearch.Evaluation.Chat;

/// <summary>
/// Answers through an OpenAI-compatible chat endpoint serving the model under test (e.g. <c>vllm serve</c>
/// on a fine-tuned checkpoint): each turn is one greedy completion that sees the earlier turns and answers,
/// several questions in flight at once. A question the endpoint fails on after every retry is left
/// unanswered and reported at the end; the others are kept, so a rerun asks only the missing ones.
/// </summary>
public sealed class EndpointAnswerer(ChatClient chat, int maxTokens, int parallel) : IChatAnswerer
{
    /// <inheritdoc/>
    public string Name => chat.Model;

    /// <inheritdoc/>
    public void Answer(IReadOnlyList<ChatQuestion> questions, Action<ChatQuestion, IReadOnlyList<string>> answered, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(answered);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellation };
        Parallel.ForEachAsync(questions, options, async (question, token) =>
        {
            var conversation = new List<ChatTurn>();
            var answers = new List<string>();
            try
            {
                foreach (var turn in question.Turns)
                {
                    conversation.Add(new ChatTurn("user", turn));
                    var reply = await chat.CompleteTextAsync("answer", conversation, maxTokens, token).ConfigureAwait(false);
                    conversation.Add(new ChatTurn("assistant", reply));
                    answers.Add(reply);
                }
            }
            catch (AgentUnavailableException e)
            {
                failures.Enqueue($"{question.Id}: {e.Message}");
                return;
            }

            answered(question, answers);
        }).GetAwaiter().GetResult();
        if (!failures.IsEmpty)
        {
            throw new AgentUnavailableException(
                $"{failures.Count} of {questions.Count} questions got no answer (first: {failures.First()}); the other answers are saved and a rerun asks only the missing ones");
        }
    }
}
