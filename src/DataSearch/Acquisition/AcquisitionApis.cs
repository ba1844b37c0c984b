using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DataSearch.Agents;
using DataSearch.Retrieval;
using DataSearch.Teachers;

namespace DataSearch.Acquisition;

/// <summary>What one API call did: its samples, cost and time, or why it could not run.</summary>
/// <param name="Call">The call as written.</param>
/// <param name="Api">Its API name.</param>
/// <param name="Cost">Cost units charged.</param>
/// <param name="Tokens">Bytes the API returned (the embedded model's tokens are bytes).</param>
/// <param name="Seconds">Wall time, cache lookup included.</param>
/// <param name="Cached">Whether the result came from the cache.</param>
/// <param name="Samples">The training samples made from the result.</param>
/// <param name="Checked">For each sample, the text checked against the benchmarks (the passage for retrieval).</param>
/// <param name="Error">Why the call did not run, or null.</param>
public sealed record CallOutcome(
    ApiCall Call,
    string Api,
    double Cost,
    long Tokens,
    double Seconds,
    bool Cached,
    IReadOnlyList<AcquiredSample> Samples,
    IReadOnlyList<string> Checked,
    string? Error);

/// <summary>
/// The three data-acquiring APIs: <c>retrieve(query, k)</c>, BM25 over the knowledge corpus, each passage
/// read into question/answer pairs by the teacher (<see cref="ITeacher.Read"/>, for the task at hand:
/// the same step on any corpus); <c>demonstrate(skill_or_instruction, n)</c>, pairs from the teacher;
/// <c>answer(question)</c>, the teacher's answer as one sample. Arguments are checked against the limits;
/// results, and each passage's reading, are cached persistently.
/// </summary>
public sealed class AcquisitionApis(KnowledgeCorpus corpus, ITeacher teacher, ApiCosts costs, TrajectoryLimits limits, ApiCache? cache)
{
    /// <summary>The APIs, with their signatures, as the optimizer is told about them.</summary>
    public static IReadOnlyList<string> Signatures { get; } =
    [
        "retrieve(query: string, k: int) — the k passages of the knowledge corpus most relevant to query",
        "demonstrate(skill_or_instruction: string, n: int) — n example questions with answers from a teacher",
        "answer(question: string) — a teacher's answer to one question",
    ];

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ApiCosts Costs => costs;

    public TrajectoryLimits Limits => limits;

    /// <summary>The most <paramref name="call"/> can cost, or the invalid-call cost when its arguments are wrong.</summary>
    public double MaximumCost(ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Check(call) is not null ? costs.InvalidCall : CostOf(call.Api, call.Arguments.Count > 1 ? call.Arguments[1].Number : 1);
    }

    /// <summary>What a valid call of <paramref name="api"/> costs when it returns <paramref name="items"/> passages or pairs.</summary>
    private double CostOf(string api, long items) => api switch
    {
        "retrieve" => costs.RetrieveCall + (items * costs.RetrievePassage),
        "demonstrate" => costs.DemonstrateCall + (items * costs.DemonstrateItem),
        _ => costs.AnswerCall,
    };

    /// <summary>
    /// Runs one call for <paramref name="taskId"/> (the seed makes teacher output reproducible); retrieved
    /// passages are read for the task <paramref name="instruction"/> describes.
    /// </summary>
    public CallOutcome Call(ApiCall call, string taskId, int callIndex, ulong seed, CancellationToken cancellation = default, string instruction = "")
    {
        ArgumentNullException.ThrowIfNull(call);
        var watch = Stopwatch.StartNew();
        if (Check(call) is { } problem)
        {
            return new CallOutcome(call, call.Api, costs.InvalidCall, 0, watch.Elapsed.TotalSeconds, false, [], [], problem);
        }

        var text = call.ToString();
        var version = call.Api == "retrieve" ? corpus.Version : teacher.Version;
        var key = ApiCache.Key(text, version, call.Api == "retrieve" ? 0 : seed);
        var stored = cache?.Find(key);
        string result;
        try
        {
            result = stored ?? Run(call, seed, cancellation);
        }
        catch (AgentUnavailableException e)
        {
            // A teacher endpoint that stays down: the call is reported, charged nothing and not cached.
            return new CallOutcome(call, call.Api, 0, 0, watch.Elapsed.TotalSeconds, false, [], [], $"teacher unavailable: {e.Message}");
        }

        if (stored is null)
        {
            cache?.Store(key, call.Api, text, version, result);
        }

        var samples = new List<AcquiredSample>();
        var checkedTexts = new List<string>();
        var cached = stored is not null;
        var bytes = Encoding.UTF8.GetByteCount(result);
        double cost;
        switch (call.Api)
        {
            case "retrieve":
                var passages = JsonSerializer.Deserialize<CorpusPassage[]>(result, Json)!;
                foreach (var passage in passages)
                {
                    string reading;
                    bool readCached;
                    try
                    {
                        (reading, readCached) = Read(passage, instruction, seed, cancellation);
                    }
                    catch (AgentUnavailableException e)
                    {
                        return new CallOutcome(call, call.Api, 0, 0, watch.Elapsed.TotalSeconds, false, [], [], $"teacher unavailable: {e.Message}");
                    }

                    cached &= readCached;
                    bytes += Encoding.UTF8.GetByteCount(reading);
                    foreach (var pair in JsonSerializer.Deserialize<TeacherPair[]>(reading, Json)!)
                    {
                        samples.Add(new AcquiredSample(pair.Prompt, pair.Response, taskId, call.Api, callIndex, passage.Id));
                        checkedTexts.Add(passage.Text);
                    }
                }

                cost = CostOf(call.Api, passages.Length);
                break;
            case "demonstrate":
                var pairs = JsonSerializer.Deserialize<TeacherPair[]>(result, Json)!;
                samples.AddRange(pairs.Select(p => new AcquiredSample(p.Prompt, p.Response, taskId, call.Api, callIndex, text)));
                checkedTexts.AddRange(pairs.Select(p => p.Prompt));
                cost = CostOf(call.Api, pairs.Length);
                break;
            default:
                var question = call.Arguments[0].Text!;
                if (JsonSerializer.Deserialize<string?>(result, Json) is { } answer)
                {
                    samples.Add(new AcquiredSample(question, answer, taskId, call.Api, callIndex, text));
                    checkedTexts.Add(question);
                }

                cost = CostOf(call.Api, 1);
                break;
        }

        var error = samples.Count == 0 ? "the call returned nothing usable" : null;
        return new CallOutcome(call, call.Api, cost, bytes, watch.Elapsed.TotalSeconds, cached, samples, checkedTexts, error);
    }

    // The teacher's reading of one passage for one task (JSON pairs), from the cache when it was read
    // before: keyed by the passage, the instruction, the corpus and the teacher.
    private (string Reading, bool Cached) Read(CorpusPassage passage, string instruction, ulong seed, CancellationToken cancellation)
    {
        var call = $"read({passage.Id})\u001f{instruction}";
        var version = $"{corpus.Version}\u001f{teacher.Version}";
        var key = ApiCache.Key(call, version, seed);
        if (cache?.Find(key) is { } stored)
        {
            return (stored, true);
        }

        var reading = JsonSerializer.Serialize(teacher.Read(passage, instruction, seed, cancellation), Json);
        cache?.Store(key, "read", call, version, reading);
        return (reading, false);
    }

    private string Run(ApiCall call, ulong seed, CancellationToken cancellation)
    {
        var first = call.Arguments[0].Text!;
        return call.Api switch
        {
            "retrieve" => JsonSerializer.Serialize(corpus.Search(first, (int)call.Arguments[1].Number), Json),
            "demonstrate" => JsonSerializer.Serialize(teacher.Demonstrate(first, (int)call.Arguments[1].Number, seed, cancellation), Json),
            _ => JsonSerializer.Serialize(teacher.Answer(first, seed, cancellation), Json),
        };
    }

    /// <summary>Why <paramref name="call"/> cannot run (unknown API, wrong arguments, over a limit), or null.</summary>
    public string? Check(ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var args = call.Arguments;
        string? Shape(string signature, int count, int? maximum, string limitName)
        {
            if (args.Count != count || !args[0].IsText || (count == 2 && args[1].IsText))
            {
                return $"{call.Api} takes {signature}";
            }

            if (string.IsNullOrWhiteSpace(args[0].Text))
            {
                return $"{call.Api}: the first argument is empty";
            }

            return count == 2 && (args[1].Number < 1 || args[1].Number > maximum)
                ? $"{call.Api}: {args[1].Number} is outside [1, {maximum}] ({limitName})"
                : null;
        }

        return call.Api switch
        {
            "retrieve" => Shape("(query: string, k: int)", 2, limits.MaxK, "limits.max_k"),
            "demonstrate" => Shape("(skill_or_instruction: string, n: int)", 2, limits.MaxN, "limits.max_n"),
            "answer" => Shape("(question: string)", 1, null, string.Empty),
            _ => $"unknown API '{call.Api}'; known: retrieve, demonstrate, answer",
        };
    }
}
