using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataSearch.Acquisition;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.IO;
using DataSearch.Retrieval;
using DataSearch.Teachers;
using DataSearch.World;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary>
/// <c>datasearch retrieve --corpus FILE.jsonl QUERY…</c>: what the acquisition API <c>retrieve</c> would
/// return, with the index build and query times; for checking a corpus before an acquisition run uses it.
/// </summary>
internal static class RetrieveCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var queries = new Argument<string[]>("query") { Description = "One or more queries (quote each).", Arity = ArgumentArity.OneOrMore };
        var corpus = new Option<string?>("--corpus") { Description = "A JSONL file of documents, cut into passages of about 100 words." };
        var world = new Option<string?>("--world") { Description = "A world folder: search its encyclopedia (the default corpus of datasearch acquire)." };
        var k = new Option<int>("-k") { Description = "Passages per query.", DefaultValueFactory = _ => 3 };
        var textField = new Option<string>("--text-field") { Description = "The text field of corpus lines.", DefaultValueFactory = _ => "text" };
        var titleField = new Option<string>("--title-field") { Description = "The title field of corpus lines.", DefaultValueFactory = _ => "title" };
        var samples = new Option<bool>("--samples") { Description = "Also show the training samples each passage becomes." };
        var json = new Option<string?>("--json") { Description = "Also write the hits and timings to this JSON file." };
        var command = new Command("retrieve", """
            Search a knowledge corpus with BM25 (Lucene.Net) exactly as the acquisition API retrieve(query, k)
            does, and print the top passages of each query with the index build and query times. The corpus
            is a JSONL file of documents (--corpus) or a world's encyclopedia (--world).

            Examples:
              datasearch retrieve --corpus ../shared/data/wikipedia-good-articles/enwiki_good_articles_sample.jsonl "theory of relativity" "alkali metals react with water"
              datasearch retrieve --world runs/world -k 2 --samples "capital of Bastuva"
            """)
        {
            queries, corpus, world, k, textField, titleField, samples, json,
        };
        command.SetAction(parsed =>
        {
            var file = parsed.GetValue(corpus);
            var worldFolder = parsed.GetValue(world);
            if ((file is null) == (worldFolder is null))
            {
                throw new UsageException("give exactly one of --corpus FILE.jsonl and --world DIR");
            }

            var top = parsed.GetValue(k);
            if (top is < 1 or > 100)
            {
                throw new UsageException("-k: expected 1 to 100");
            }

            var build = Stopwatch.StartNew();
            // --samples shows a passage as acquisition reads it: the world's teacher reads its encyclopedia;
            // a file corpus, whose teacher is an endpoint or a command, is shown read as continuations.
            var (knowledge, reader) = file is not null
                ? (KnowledgeCorpus.FromJsonl(file, parsed.GetRequiredValue(textField), parsed.GetRequiredValue(titleField)), (Func<CorpusPassage, IReadOnlyList<TeacherPair>>)new ContinuationReader().Read)
                : WorldEnvironment.Open(worldFolder!) is var opened && opened.BuiltInTeacher(0)! is var teacher
                    ? (opened.OpenCorpus(), p => teacher.Read(p, string.Empty, 0, CancellationToken.None))
                    : default;
            using var disposeKnowledge = knowledge;
            build.Stop();
            environment.Output.WriteLine($"{knowledge.Name}: {knowledge.Passages.Count:N0} passages, read and indexed in {build.Elapsed.TotalSeconds:0.00} s");

            var answers = new List<QueryHits>();
            foreach (var query in parsed.GetRequiredValue(queries))
            {
                var watch = Stopwatch.StartNew();
                var hits = knowledge.Search(query, top);
                watch.Stop();
                answers.Add(new QueryHits(query, Math.Round(watch.Elapsed.TotalMilliseconds, 2), hits));
                Render(environment.Console, answers[^1], parsed.GetValue(samples) ? reader : null);
            }

            if (parsed.GetValue(json) is { } path)
            {
                AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new
                {
                    corpus = knowledge.Name,
                    version = knowledge.Version,
                    passages = knowledge.Passages.Count,
                    index_seconds = Math.Round(build.Elapsed.TotalSeconds, 3),
                    queries = answers,
                }, CliJson.Options) + "\n");
                environment.Output.WriteLine($"written: {path}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, QueryHits answer, Func<CorpusPassage, IReadOnlyList<TeacherPair>>? reader)
    {
        console.MarkupLine($"[bold]{Markup.Escape(answer.Query)}[/] ({answer.Milliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms)");
        if (answer.Hits.Count == 0)
        {
            console.MarkupLine("  [yellow]no passage matches[/]");
        }

        var rank = 0;
        foreach (var hit in answer.Hits)
        {
            var text = hit.Text.Length > 160 ? hit.Text[..160] + "…" : hit.Text;
            console.MarkupLine($"  {++rank}. [bold]{Markup.Escape(hit.Title)}[/] [grey]({Markup.Escape(hit.Id)})[/] {Markup.Escape(text)}");
            foreach (var pair in reader?.Invoke(hit) ?? [])
            {
                console.MarkupLine($"     [grey]sample:[/] {Markup.Escape(pair.Prompt)} [grey]→[/] {Markup.Escape(pair.Response)}");
            }
        }
    }

    /// <summary>One query's passages, best first, and how long the search took.</summary>
    private sealed record QueryHits(string Query, double Milliseconds, IReadOnlyList<CorpusPassage> Hits);
}
