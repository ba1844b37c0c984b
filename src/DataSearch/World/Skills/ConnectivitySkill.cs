using System.Text.RegularExpressions;
using DataSearch.Randomness;
namespace DataSearch.World.Skills;

/// <summary>
/// NLGraph-like connectivity: <c>ab bc de: a~c?</c> → <c>yes</c>. Graphs of 4 nodes with 2–3 undirected
/// edges; out of distribution, 6 nodes with 3–5 edges. Questions are balanced between yes and no.
/// </summary>
public sealed partial class ConnectivitySkill : Skill
{
    public override string Name => "graph";

    public override bool HasOutOfDistributionSplit => true;

    public override SkillItem Generate(DeterministicRandom random, SkillSplit split)
    {
        var nodes = split == SkillSplit.InDistribution ? 4 : 6;
        var edges = split == SkillSplit.InDistribution ? random.Next(2, 4) : random.Next(3, 6);
        var wantConnected = random.Chance(0.5);
        while (true)
        {
            var names = "abcdefgh"[..nodes];
            var edgeList = new List<(char, char)>();
            while (edgeList.Count < edges)
            {
                var x = names[random.Next(nodes)];
                var y = names[random.Next(nodes)];
                if (x != y && !edgeList.Contains((x, y)) && !edgeList.Contains((y, x)))
                {
                    edgeList.Add(x < y ? (x, y) : (y, x));
                }
            }

            var from = names[random.Next(nodes)];
            var to = names[random.Next(nodes)];
            if (from == to)
            {
                continue;
            }

            var connected = Connected(edgeList, from, to);
            if (connected != wantConnected)
            {
                continue;
            }

            edgeList.Sort();
            var description = string.Join(' ', edgeList.Select(e => $"{e.Item1}{e.Item2}"));
            return new SkillItem($"{description}: {from}~{to}?", connected ? "yes" : "no");
        }
    }

    public override string Corrupt(DeterministicRandom random, SkillItem item) => item.Answer == "yes" ? "no" : "yes";

    private static bool Connected(List<(char A, char B)> edges, char from, char to)
    {
        var reached = new HashSet<char> { from };
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (a, b) in edges)
            {
                if (reached.Contains(a) != reached.Contains(b))
                {
                    reached.Add(a);
                    reached.Add(b);
                    grew = true;
                }
            }
        }

        return reached.Contains(to);
    }

    public override string? Solve(string prompt)
    {
        var match = Pattern().Match(prompt.Trim());
        if (!match.Success)
        {
            return null;
        }

        var edges = match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(e => (e[0], e[1])).ToList();
        return Connected(edges, match.Groups[2].Value[0], match.Groups[3].Value[0]) ? "yes" : "no";
    }

    [GeneratedRegex(@"^((?:[a-z][a-z] ?)+): ([a-z])~([a-z])\?$")]
    private static partial Regex Pattern();
}
