using DataSearch.Randomness;
using DataSearch.World.Skills;

namespace DataSearch.World;

/// <summary>A fictional entity with the facts the lookup skill asks about.</summary>
/// <param name="Name">The entity's name, e.g. "Veloria".</param>
/// <param name="Capital">Its capital.</param>
/// <param name="Ruler">Its ruler.</param>
/// <param name="River">Its river (only in the encyclopedia's prose, never asked).</param>
public sealed record Entity(string Name, string Capital, string Ruler, string River);

/// <summary>One encyclopedia article, usable as a retrieval document.</summary>
public sealed record EncyclopediaDocument(string Id, string Title, string Text);

/// <summary>
/// The world's fictional encyclopedia. <see cref="Known"/> entities have facts in the pool and in the
/// base model's pre-training text; <see cref="Hidden"/> ones appear only in the articles, so a model can
/// learn them only by retrieving them (active data search).
/// </summary>
public sealed class Encyclopedia
{
    public Encyclopedia(IReadOnlyList<Entity> known, IReadOnlyList<Entity> hidden)
    {
        Known = known;
        Hidden = hidden;
    }

    public IReadOnlyList<Entity> Known { get; }

    public IReadOnlyList<Entity> Hidden { get; }

    /// <summary>Generates <paramref name="known"/> + <paramref name="hidden"/> entities with unique names.</summary>
    public static Encyclopedia Generate(DeterministicRandom random, int known, int hidden)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        string Unique()
        {
            while (true)
            {
                var name = Words.Name(random);
                if (used.Add(name))
                {
                    return name;
                }
            }
        }

        var entities = Enumerable.Range(0, known + hidden)
            .Select(_ => new Entity(Unique(), Unique(), Unique(), Unique()))
            .ToList();
        return new Encyclopedia(entities[..known], entities[known..]);
    }

    /// <summary>One article per entity, known ones first.</summary>
    public IReadOnlyList<EncyclopediaDocument> Documents() =>
        [.. Known.Concat(Hidden).Select((e, i) => new EncyclopediaDocument(
            $"enc-{i:D4}",
            e.Name,
            $"{e.Name} is a small realm. Its capital is {e.Capital}. {e.Name} is ruled by {e.Ruler}. " +
            $"The river {e.River} runs through {e.Name}, past {e.Capital}."))];
}
