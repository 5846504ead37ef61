// First-light: 64-bit integer math, loops and recursion; prints with
// Console.WriteLine(long) and Console.WriteLine(int).
using System;

static class FirstlightLong
{
    static int Check(long got, long want, int id)
    {
        if (got == want) return 0;
        Console.WriteLine(-id);
        Console.WriteLine(got);
        return 1;
    }

    static long FactL(int n) { return n <= 1 ? 1L : n * FactL(n - 1); }

    static long FibIter(int n)
    {
        long a = 0, b = 1;
        for (int i = 0; i < n; i++) { long t = a + b; a = b; b = t; }
        return a;
    }

    static long PowMod(long b, long e, long m)
    {
        long r = 1;
        b %= m;
        while (e > 0)
        {
            if ((e & 1) != 0) r = r * b % m;
            b = b * b % m;
            e >>= 1;
        }
        return r;
    }

    static long Collatz(long n)
    {
        long steps = 0;
        while (n != 1) { n = (n & 1) == 0 ? n >> 1 : 3 * n + 1; steps++; }
        return steps;
    }

    static long Mix(long x)
    {
        x ^= x >> 33;
        x *= 0x4F1BBCDCBFA53E0BL;
        x ^= x >> 29;
        return x;
    }

    static long SumSquares(long n) { return n == 0 ? 0 : n * n + SumSquares(n - 1); }

    static long Widen(int a, int b) { return (long)a * b; }

    static int Main()
    {
        int bad = 0;
        bad += Check(FactL(20), 2432902008176640000L, 1);
        bad += Check(FibIter(90), 2880067194370816120L, 2);
        bad += Check(PowMod(2, 62, 1000000007), 145586002L, 3);
        bad += Check(PowMod(3, 1000000006, 1000000007), 1, 4);
        bad += Check(Collatz(837799), 524, 5);
        bad += Check(SumSquares(1000), 333833500L, 6);
        bad += Check(Widen(int.MaxValue, int.MaxValue), 4611686014132420609L, 7);
        bad += Check(Widen(-65536, 65536), -4294967296L, 8);
        long big = 0x7FFFFFFFFFFFFFFFL;
        bad += Check(big + 1, long.MinValue, 9);
        bad += Check(-7L / 2, -3, 10);
        bad += Check(-7L % 2, -1, 11);
        long neg = -1024;
        bad += Check(neg >> 3, -128, 12);
        bad += Check((long)((ulong)neg >> 60), 15, 13);
        int sh = 65;
        bad += Check(1L << sh, 2, 14);
        bad += Check(1L << 40, 1099511627776L, 15);
        // int -> long sign extension, long -> int truncation.
        int m1 = -1;
        long ext = m1;
        bad += Check(ext, -1, 16);
        long lbig = 0x123456789AL;
        bad += Check((int)lbig, 0x3456789A, 17);
        bad += Check(Mix(12345) != Mix(12346) ? 1 : 0, 1, 18);
        long acc = 0;
        for (long i = 0; i < 100000; i++) acc += i * i ^ (i << 7);
        bad += Check(acc & 0xFFFF, acc % 65536, 19);

        Console.WriteLine(FactL(20));
        Console.WriteLine(FibIter(90));
        Console.WriteLine(Collatz(837799));
        Console.WriteLine(Mix(12345));
        Console.WriteLine(bad);
        return bad == 0 ? 100 : bad;
    }
}
