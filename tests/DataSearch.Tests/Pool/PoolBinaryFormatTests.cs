using DataSearch.Errors;
using DataSearch.Pool;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Pool;

public class PoolBinaryFormatTests
{
    private static byte[] Serialise(SamplePool pool)
    {
        using var stream = new MemoryStream();
        PoolBinaryFormat.Write(pool, stream);
        return stream.ToArray();
    }

    [Fact]
    public void Cache_round_trips_every_column()
    {
        using var temp = new TempFolder();
        var pool = TestPools.AllLayouts();
        var path = temp.WriteBytes("pool.bin", Serialise(pool));
        TestPools.AssertSamePool(pool, PoolBinaryFormat.Read(path));
    }

    [Fact]
    public void Same_pool_gives_the_same_bytes()
    {
        Assert.Equal(Serialise(TestPools.AllLayouts()), Serialise(TestPools.AllLayouts()));
    }

    [Fact]
    public void A_flipped_byte_is_caught_by_the_checksum()
    {
        using var temp = new TempFolder();
        var bytes = Serialise(TestPools.AllLayouts());
        bytes[bytes.Length / 2] ^= 0x40;
        var path = temp.WriteBytes("pool.bin", bytes);
        var error = Assert.Throws<CorruptDataException>(() => PoolBinaryFormat.Read(path));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void A_truncated_cache_is_reported_as_truncated()
    {
        using var temp = new TempFolder();
        var bytes = Serialise(TestPools.AllLayouts());
        var path = temp.WriteBytes("pool.bin", bytes[..(bytes.Length - 100)]);
        var error = Assert.Throws<CorruptDataException>(() => PoolBinaryFormat.Read(path));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Another_file_is_not_mistaken_for_a_cache()
    {
        using var temp = new TempFolder();
        var path = temp.Write("pool.bin", "{\"not\": \"a cache\"}");
        Assert.Throws<CorruptDataException>(() => PoolBinaryFormat.Read(path));
    }
}
