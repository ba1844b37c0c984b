using DataSearch.Pool;

namespace DataSearch.Tests.Support;

/// <summary>Small pools written inline: (prompt, response, source, tag) rows.</summary>
public static class PoolMaker
{
    public static SamplePool Make(params (string Prompt, string Response, string Source, string Tag)[] rows)
    {
        var builder = new PoolBuilder();
        foreach (var (prompt, response, source, tag) in rows)
        {
            builder.TryAdd(null, [new ChatMessage(ChatRole.User, prompt), new ChatMessage(ChatRole.Assistant, response)], source, null, tag.Length == 0 ? [] : [tag], null, out _, out _);
        }

        return builder.Build();
    }

    public static SamplePool Make(params (string Prompt, string Response)[] rows) =>
        Make([.. rows.Select(r => (r.Prompt, r.Response, "s", ""))]);
}
