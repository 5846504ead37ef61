// Bit manipulation and hashing: CRC-32 (table driven), FNV-1a, MurmurHash3
// finalizer, xorshift PRNG, popcount/leading zeros by two independent
// methods each, byte-order swaps, bit reversal, Adler-32.
using System;
using System.Text;

static class HashingBits
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static uint[] crcTable = MakeCrcTable();

    static uint[] MakeCrcTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }

    static uint Crc32(byte[] data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in data) c = crcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }

    static uint Fnv1a32(byte[] data)
    {
        uint h = 2166136261u;
        foreach (byte b in data) { h ^= b; h *= 16777619u; }
        return h;
    }

    static ulong Fmix64(ulong k)
    {
        k ^= k >> 33; k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33; k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }

    static uint Adler32(byte[] data)
    {
        uint a = 1, b = 0;
        foreach (byte d in data) { a = (a + d) % 65521; b = (b + a) % 65521; }
        return (b << 16) | a;
    }

    static int PopCount(ulong v)
    {
        int c = 0;
        while (v != 0) { v &= v - 1; c++; }
        return c;
    }

    static int LeadingZeros(uint v)
    {
        if (v == 0) return 32;
        int n = 0;
        if ((v & 0xFFFF0000) == 0) { n += 16; v <<= 16; }
        if ((v & 0xFF000000) == 0) { n += 8; v <<= 8; }
        if ((v & 0xF0000000) == 0) { n += 4; v <<= 4; }
        if ((v & 0xC0000000) == 0) { n += 2; v <<= 2; }
        if ((v & 0x80000000) == 0) { n += 1; }
        return n;
    }

    static int PopCountSwar(ulong v)
    {
        v = v - ((v >> 1) & 0x5555555555555555UL);
        v = (v & 0x3333333333333333UL) + ((v >> 2) & 0x3333333333333333UL);
        v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0FUL;
        return (int)((v * 0x0101010101010101UL) >> 56);
    }

    static int LeadingZerosLoop(uint v)
    {
        int n = 0;
        for (uint bit = 0x80000000u; bit != 0 && (v & bit) == 0; bit >>= 1) n++;
        return n;
    }

    static uint Bswap(uint v) { return (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24); }

    static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555) | ((v & 0x55555555) << 1);
        v = ((v >> 2) & 0x33333333) | ((v & 0x33333333) << 2);
        v = ((v >> 4) & 0x0F0F0F0F) | ((v & 0x0F0F0F0F) << 4);
        return Bswap(v);
    }

    static int Main()
    {
        byte[] fox = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
        Check(Crc32(fox) == 0x414FA339u, "crc32 " + Crc32(fox).ToString("x8"));
        Check(Crc32(Encoding.ASCII.GetBytes("123456789")) == 0xCBF43926u, "crc32 check value");
        Check(Fnv1a32(Encoding.ASCII.GetBytes("a")) == 0xE40C292Cu, "fnv1a32 of a");
        Check(Adler32(Encoding.ASCII.GetBytes("Wikipedia")) == 0x11E60398u, "adler32");
        Check(Fmix64(0) == 0 && Fmix64(1) != 1, "fmix64");

        ulong x = 88172645463325252UL;
        int totalPop = 0, mismatches = 0;
        for (int i = 0; i < 10000; i++)
        {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            int pc = PopCount(x);
            totalPop += pc;
            uint lo = (uint)x;
            if (pc != PopCountSwar(x)) mismatches++;
            if (LeadingZeros(lo) != LeadingZerosLoop(lo)) mismatches++;
            if (ReverseBits(ReverseBits(lo)) != lo) mismatches++;
            if (Bswap(Bswap(lo)) != lo) mismatches++;
        }
        Check(mismatches == 0, "bit ops agree: " + mismatches);
        Check(totalPop > 310000 && totalPop < 330000, "popcount distribution " + totalPop);
        Check(Bswap(0x11223344) == 0x44332211 && ReverseBits(1) == 0x80000000u && LeadingZeros(1) == 31, "fixed bit ops");

        // Hash many keys, count collisions in a small table.
        int[] buckets = new int[1024];
        for (int i = 0; i < 100000; i++) buckets[Fmix64((ulong)i) & 1023]++;
        int min = int.MaxValue, max = 0;
        foreach (int b in buckets) { min = Math.Min(min, b); max = Math.Max(max, b); }
        Check(min > 40 && max < 160, "fmix64 spreads keys " + min + ".." + max);

        Console.WriteLine("crc " + Crc32(fox).ToString("x8") + " fnv " + Fnv1a32(fox).ToString("x8") + " adler " + Adler32(fox).ToString("x8")
            + " pop " + totalPop + " mix " + Fmix64(12345).ToString("x16"));
        Console.WriteLine(failures == 0 ? "hashing_bits ok" : "hashing_bits FAILED");
        return failures == 0 ? 100 : 1;
    }
}
