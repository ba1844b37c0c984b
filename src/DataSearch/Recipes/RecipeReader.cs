using System.Globalization;
using System.Text.RegularExpressions;
using DataSearch.Errors;
using DataSearch.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DataSearch.Recipes;

/// <summary>
/// Reads recipes from YAML or JSON (JSON is read as YAML, so both report lines). A recipe is either a
/// list of steps or a map with <c>steps</c> and optional <c>name</c> and <c>seed</c>; a step is
/// <c>{op: NAME, params: {…}}</c>; the <c>branches</c> parameter holds a list of step lists. Plain
/// scalars become numbers, booleans or null where YAML 1.2's core schema says so; quoted scalars stay text.
/// </summary>
public static partial class RecipeReader
{
    /// <summary>Reads a recipe file.</summary>
    /// <exception cref="UsageException">The file does not exist.</exception>
    /// <exception cref="InvalidRecipeException">The file is not a well-formed recipe.</exception>
    public static Recipe ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such recipe file");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses recipe text; <paramref name="file"/> names it in errors.</summary>
    public static Recipe Parse(string text, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        YamlStream stream;
        try
        {
            stream = YamlText.Load(text);
        }
        catch (YamlSyntaxException e)
        {
            throw new InvalidRecipeException([new RecipeProblem(file, (int)e.Line, null, null, null, $"not valid YAML or JSON: {e.Message}")]);
        }

        if (stream.Documents.Count == 0)
        {
            throw new InvalidRecipeException([new RecipeProblem(file, 0, null, null, null, "empty recipe: expected a list of steps or a map with 'steps'")]);
        }

        var problems = new List<RecipeProblem>();
        var root = stream.Documents[0].RootNode;
        string? name = null;
        ulong? seed = null;
        YamlNode? stepsNode = root;
        if (root is YamlMappingNode map)
        {
            stepsNode = null;
            foreach (var (keyNode, value) in map.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value;
                switch (key)
                {
                    case "name":
                        name = value is YamlScalarNode s ? s.Value : null;
                        break;
                    case "seed":
                        if (Scalar(value) is long l && l >= 0)
                        {
                            seed = (ulong)l;
                        }
                        else
                        {
                            problems.Add(new RecipeProblem(file, Line(value), null, null, null, "'seed' must be a whole number ≥ 0"));
                        }

                        break;
                    case "steps":
                        stepsNode = value;
                        break;
                    case "description":
                        break;
                    default:
                        problems.Add(new RecipeProblem(file, Line(keyNode), null, null, null, $"unknown key '{key}' (expected name, seed, description, steps)"));
                        break;
                }
            }

            if (stepsNode is null)
            {
                problems.Add(new RecipeProblem(file, Line(root), null, null, null, "missing 'steps': the list of {op, params} steps"));
            }
        }

        var steps = stepsNode is null ? [] : Steps(stepsNode, file, string.Empty, problems);
        if (problems.Count > 0)
        {
            throw new InvalidRecipeException(problems);
        }

        return new Recipe(name, seed, steps, file);
    }

    private static List<RecipeStep> Steps(YamlNode node, string? file, string prefix, List<RecipeProblem> problems)
    {
        var steps = new List<RecipeStep>();
        if (node is not YamlSequenceNode sequence)
        {
            problems.Add(new RecipeProblem(file, Line(node), prefix.Length == 0 ? null : prefix.TrimEnd('.'), null, null, "expected a list of steps"));
            return steps;
        }

        var number = 0;
        foreach (var item in sequence.Children)
        {
            number++;
            var path = $"{prefix}{number}";
            if (item is not YamlMappingNode stepMap)
            {
                problems.Add(new RecipeProblem(file, Line(item), path, null, null, "expected a step {op: NAME, params: {...}}"));
                continue;
            }

            string? op = null;
            var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in stepMap.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value;
                if (key == "op")
                {
                    op = value is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value) ? s.Value : null;
                    if (op is null)
                    {
                        problems.Add(new RecipeProblem(file, Line(value), path, null, null, "'op' must be an operator name"));
                    }
                }
                else if (key == "params")
                {
                    if (value is YamlMappingNode parameterMap)
                    {
                        foreach (var (parameterKey, parameterValue) in parameterMap.Children)
                        {
                            var parameterName = ((YamlScalarNode)parameterKey).Value!;
                            lines[parameterName] = Line(parameterKey);
                            parameters[parameterName] = parameterName == "branches"
                                ? Branches(parameterValue, file, $"{path}.branches", problems)
                                : Value(parameterValue);
                        }
                    }
                    else if (!(value is YamlScalarNode empty && Scalar(empty) is null))
                    {
                        problems.Add(new RecipeProblem(file, Line(value), path, op, null, "'params' must be a map of parameter names to values"));
                    }
                }
                else
                {
                    problems.Add(new RecipeProblem(file, Line(keyNode), path, op, null, $"unknown key '{key}' in a step (expected op, params)"));
                }
            }

            if (op is null && !stepMap.Children.Keys.Any(k => ((YamlScalarNode)k).Value == "op"))
            {
                problems.Add(new RecipeProblem(file, Line(stepMap), path, null, null, "missing 'op'"));
            }

            steps.Add(new RecipeStep(op ?? string.Empty, parameters, Line(stepMap), lines));
        }

        return steps;
    }

    private static object? Branches(YamlNode node, string? file, string path, List<RecipeProblem> problems)
    {
        if (node is not YamlSequenceNode sequence)
        {
            problems.Add(new RecipeProblem(file, Line(node), path, null, "branches", "expected a list of branches, each a list of steps"));
            return null;
        }

        var branches = new List<IReadOnlyList<RecipeStep>>();
        var number = 0;
        foreach (var branch in sequence.Children)
        {
            number++;
            branches.Add(Steps(branch, file, $"{path}[{number}].", problems));
        }

        return branches;
    }

    private static object? Value(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar),
        YamlSequenceNode sequence => sequence.Children.Select(Value).ToList(),
        YamlMappingNode map => map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => Value(c.Value), StringComparer.Ordinal),
        _ => null,
    };

    private static object? Scalar(YamlNode node)
    {
        if (node is not YamlScalarNode scalar)
        {
            return node;
        }

        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return text;
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return true;
        }

        if (text is "false" or "False" or "FALSE")
        {
            return false;
        }

        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }

        return text;
    }

    private static int Line(YamlNode node) => (int)node.Start.Line;

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
