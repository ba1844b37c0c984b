using DataSearch.Errors;
using DataSearch.Pool;
using DataSearch.Pool.Import;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Pool;

public class PoolStoreTests
{
    private static readonly IReadOnlyList<ImportedFile> NoFiles = [];

    [Fact]
    public void Saved_pool_opens_from_its_cache_with_the_same_samples()
    {
        using var temp = new TempFolder();
        var pool = TestPools.AllLayouts();
        var folder = temp.File("pool");
        var manifest = PoolStore.Save(pool, folder, NoFiles, overwrite: false);

        var opened = PoolStore.Open(folder);
        Assert.Null(opened.RebuiltCache);
        Assert.Equal(manifest, opened.Manifest with { Sources = manifest.Sources, ImportedFrom = manifest.ImportedFrom });
        Assert.Equal(manifest.Sources, opened.Manifest.Sources);
        TestPools.AssertSamePool(pool, opened.Pool);
        Assert.Equal(pool.Count, manifest.SampleCount);
        Assert.Equal(PoolStore.HashFile(Path.Combine(folder, PoolStore.SamplesFile)), manifest.PoolHash);
    }

    [Fact]
    public void Same_inputs_give_byte_identical_pool_folders()
    {
        using var temp = new TempFolder();
        PoolStore.Save(TestPools.AllLayouts(), temp.File("a"), NoFiles, overwrite: false);
        PoolStore.Save(TestPools.AllLayouts(), temp.File("b"), NoFiles, overwrite: false);
        foreach (var file in new[] { PoolStore.SamplesFile, PoolStore.CacheFile, PoolStore.ManifestFile })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(temp.File("a"), file)), File.ReadAllBytes(Path.Combine(temp.File("b"), file)));
        }
    }

    [Fact]
    public void Canonical_jsonl_imports_back_to_the_same_pool()
    {
        using var temp = new TempFolder();
        var pool = TestPools.AllLayouts();
        PoolStore.Save(pool, temp.File("pool"), NoFiles, overwrite: false);
        var reread = new PoolImporter().Import([Path.Combine(temp.File("pool"), PoolStore.SamplesFile)], new ImportOptions()).Pool;
        TestPools.AssertSamePool(pool, reread);
    }

    [Fact]
    public void A_missing_or_damaged_cache_is_rebuilt_from_the_jsonl()
    {
        using var temp = new TempFolder();
        var pool = TestPools.AllLayouts();
        var folder = temp.File("pool");
        PoolStore.Save(pool, folder, NoFiles, overwrite: false);
        var cache = Path.Combine(folder, PoolStore.CacheFile);

        File.Delete(cache);
        var rebuilt = PoolStore.Open(folder);
        Assert.Contains("missing", rebuilt.RebuiltCache);
        TestPools.AssertSamePool(pool, rebuilt.Pool);

        var bytes = File.ReadAllBytes(cache);
        bytes[^20] ^= 1;
        File.WriteAllBytes(cache, bytes);
        Assert.Contains("checksum", PoolStore.Open(folder).RebuiltCache);
        Assert.Null(PoolStore.Open(folder).RebuiltCache);
    }

    [Fact]
    public void An_edited_samples_file_is_refused_when_the_cache_must_be_rebuilt()
    {
        using var temp = new TempFolder();
        var folder = temp.File("pool");
        PoolStore.Save(TestPools.AllLayouts(), folder, NoFiles, overwrite: false);
        File.Delete(Path.Combine(folder, PoolStore.CacheFile));
        File.AppendAllText(Path.Combine(folder, PoolStore.SamplesFile), "\n");
        var error = Assert.Throws<CorruptDataException>(() => PoolStore.Open(folder));
        Assert.Contains("the manifest says", error.Message);
    }

    [Fact]
    public void An_existing_pool_is_replaced_only_when_asked()
    {
        using var temp = new TempFolder();
        var folder = temp.File("pool");
        PoolStore.Save(TestPools.AllLayouts(), folder, NoFiles, overwrite: false);
        var error = Assert.Throws<UsageException>(() => PoolStore.Save(TestPools.AllLayouts(), folder, NoFiles, overwrite: false));
        Assert.Contains("--force", error.Message);

        var smaller = new PoolImporter().Import([Fixtures.Import("gsm8k.jsonl")], new ImportOptions()).Pool;
        PoolStore.Save(smaller, folder, NoFiles, overwrite: true);
        Assert.Equal(2, PoolStore.Open(folder).Pool.Count);
        Assert.Single(Directory.GetDirectories(temp.Path));
    }

    [Fact]
    public void A_folder_that_is_not_a_pool_is_never_overwritten()
    {
        using var temp = new TempFolder();
        var folder = temp.File("mine");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "precious");
        Assert.Throws<UsageException>(() => PoolStore.Save(TestPools.AllLayouts(), folder, NoFiles, overwrite: true));
        Assert.Equal("precious", File.ReadAllText(Path.Combine(folder, "notes.txt")));
    }

    [Fact]
    public void A_crash_while_saving_leaves_the_previous_pool_and_no_partial_folder()
    {
        using var temp = new TempFolder();
        var folder = temp.File("pool");
        var first = TestPools.AllLayouts();
        PoolStore.Save(first, folder, NoFiles, overwrite: false);

        PoolExtraFile crashing = new("rejects.jsonl", stream =>
        {
            stream.Write("{\"half\": "u8);
            throw new IOException("disk full");
        });
        Assert.Throws<IOException>(() => PoolStore.Save(TestPools.AllLayouts(), folder, NoFiles, overwrite: true, [crashing]));

        TestPools.AssertSamePool(first, PoolStore.Open(folder).Pool);
        Assert.False(File.Exists(Path.Combine(folder, "rejects.jsonl")));
        Assert.Equal([folder], Directory.GetDirectories(temp.Path));
    }

    [Fact]
    public void A_folder_without_manifest_is_reported_as_an_interrupted_import()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<CorruptDataException>(() => PoolStore.Open(temp.Path));
        Assert.Contains("manifest.json", error.Message);
        Assert.Throws<UsageException>(() => PoolStore.Open(temp.File("absent")));
    }

    [Fact]
    public void Validator_passes_a_fresh_pool_and_names_what_broke()
    {
        using var temp = new TempFolder();
        var folder = temp.File("pool");
        PoolStore.Save(TestPools.AllLayouts(), folder, NoFiles, overwrite: false);
        Assert.All(PoolValidator.Validate(folder), check => Assert.True(check.Passed, $"{check.Name}: {check.Detail}"));

        var samples = Path.Combine(folder, PoolStore.SamplesFile);
        var lines = File.ReadAllLines(samples);
        lines[1] = lines[1].Replace("\"messages\"", "\"mesages\"", StringComparison.Ordinal);
        File.WriteAllLines(samples, lines);

        var failed = PoolValidator.Validate(folder).Where(c => !c.Passed).Select(c => c.Name).ToList();
        // The unreadable record is left out, so the per-source counts no longer match either.
        Assert.Equal(["samples hash", "records", "binary cache", "source counts"], failed);
        var records = PoolValidator.Validate(folder).Single(c => c.Name == "records");
        Assert.Contains("samples.jsonl:2: field 'messages'", records.Detail);
    }
}
