using System.Reflection;
using System.Runtime.Loader;
using DataSearch.Errors;
using DataSearch.Recipes;
using DataSearch.Signals;

namespace DataSearch.Extensions;

/// <summary>
/// The built-ins plus every loaded extension: the operator registry, hooks, extra signal providers and
/// the catalog with the extensions' patches merged in. Extensions are named by assembly path (a flag,
/// or <c>EXTENSION_MODULES</c>, paths separated by the platform's path separator or commas).
/// </summary>
public sealed class ExtensionSet
{
    /// <summary>The environment variable listing extension assemblies.</summary>
    public const string EnvironmentVariable = "EXTENSION_MODULES";

    private ExtensionSet(OperatorRegistry registry, IReadOnlyList<IRecipeHook> hooks, IReadOnlyList<ISignalProvider> features, OperatorCatalog catalog, IReadOnlyList<string> loaded)
    {
        Registry = registry;
        Hooks = hooks;
        Features = features;
        Catalog = catalog;
        Loaded = loaded;
    }

    /// <summary>Built-in and extension operators.</summary>
    public OperatorRegistry Registry { get; }

    /// <summary>Hooks extensions added.</summary>
    public IReadOnlyList<IRecipeHook> Hooks { get; }

    /// <summary>Signal providers extensions added.</summary>
    public IReadOnlyList<ISignalProvider> Features { get; }

    /// <summary>The catalog: the shipped one with every patch merged.</summary>
    public OperatorCatalog Catalog { get; }

    /// <summary>The assemblies loaded, in order.</summary>
    public IReadOnlyList<string> Loaded { get; }

    /// <summary>Whether any extension patched the catalog.</summary>
    public bool CatalogPatched { get; private init; }

    /// <summary>The paths named by <see cref="EnvironmentVariable"/>.</summary>
    public static IReadOnlyList<string> FromEnvironment() =>
        (Environment.GetEnvironmentVariable(EnvironmentVariable) ?? string.Empty)
            .Split([Path.PathSeparator, ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Loads the built-ins and the named extension assemblies.</summary>
    /// <exception cref="UsageException">An assembly is missing, holds no extension, or its registration fails.</exception>
    public static ExtensionSet Load(IEnumerable<string> assemblyPaths)
    {
        ArgumentNullException.ThrowIfNull(assemblyPaths);
        var registry = OperatorRegistry.CreateDefault();
        var hooks = new List<IRecipeHook>();
        var features = new List<ISignalProvider>();
        var catalog = DefaultCatalog.Load();
        var loaded = new List<string>();
        var patched = false;
        foreach (var path in assemblyPaths.Distinct())
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new UsageException($"{path}: no such extension assembly (build it first, e.g. `dotnet build examples/extensions/ExampleExtension`)");
            }

            Assembly assembly;
            try
            {
                assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException)
            {
                throw new UsageException($"{path}: not a loadable .NET assembly ({e.Message})");
            }

            var types = assembly.GetExportedTypes().Where(t => typeof(IDataSearchExtension).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
            if (types.Count == 0)
            {
                throw new UsageException($"{path}: holds no public class implementing {nameof(IDataSearchExtension)}");
            }

            foreach (var type in types)
            {
                var context = new ExtensionContext(registry, $"{Path.GetFileName(path)}:{type.FullName}");
                try
                {
                    ((IDataSearchExtension)Activator.CreateInstance(type)!).Register(context);
                }
                catch (Exception e) when (e is not DataSearchException)
                {
                    throw new UsageException($"{path}: {type.FullName}.Register failed: {(e is TargetInvocationException { InnerException: { } inner } ? inner.Message : e.Message)}");
                }

                hooks.AddRange(context.Hooks);
                features.AddRange(context.Features);
                foreach (var patch in context.CatalogPatches)
                {
                    catalog.Merge(patch);
                    patched = true;
                }
            }

            loaded.Add(full);
        }

        catalog.CompleteFrom(registry);
        return new ExtensionSet(registry, hooks, features, catalog, loaded) { CatalogPatched = patched };
    }
}
