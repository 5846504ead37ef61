// First-light: loop-heavy integer algorithms with static calls (no arrays).
using System;

static class FirstlightLoops
{
    static int Check(int got, int want, int id)
    {
        if (got == want) return 0;
        Console.WriteLine(-id);
        Console.WriteLine(got);
        return 1;
    }

    static bool IsPrime(int n)
    {
        if (n < 2) return false;
        for (int d = 2; d * d <= n; d++)
            if (n % d == 0) return false;
        return true;
    }

    static int CountPrimes(int limit)
    {
        int c = 0;
        for (int i = 0; i < limit; i++) if (IsPrime(i)) c++;
        return c;
    }

    static int Reverse(int n)
    {
        int r = 0;
        while (n != 0) { r = r * 10 + n % 10; n /= 10; }
        return r;
    }

    static int PerfectNumbers(int limit)
    {
        int found = 0;
        for (int n = 2; n < limit; n++)
        {
            int s = 1;
            for (int d = 2; d * d <= n; d++)
            {
                if (n % d == 0)
                {
                    s += d;
                    if (d * d != n) s += n / d;
                }
            }
            if (s == n) found++;
        }
        return found;
    }

    static int Lcg(int seed, int rounds)
    {
        uint x = (uint)seed;
        for (int i = 0; i < rounds; i++) x = x * 1664525u + 1013904223u;
        return (int)(x >> 1);
    }

    static long TriangleSum(int n)
    {
        long s = 0;
        for (int i = 1; i <= n; i++)
            for (int j = 1; j <= i; j++)
                s += j;
        return s;
    }

    static int Main()
    {
        int bad = 0;
        bad += Check(CountPrimes(10000), 1229, 1);
        bad += Check(Reverse(123456789), 987654321, 2);
        bad += Check(Reverse(-120), -21, 3);
        bad += Check(PerfectNumbers(10000), 4, 4);
        bad += Check(Lcg(1, 1), (int)(1015568748u >> 1), 5);
        bad += Check(TriangleSum(1000) == 167167000L ? 1 : 0, 1, 6);
        int palindromes = 0;
        for (int i = 1; i < 100000; i++) if (Reverse(i) == i) palindromes++;
        bad += Check(palindromes, 1098, 7);
        int twin = 0;
        for (int i = 3; i + 2 < 5000; i += 2) if (IsPrime(i) && IsPrime(i + 2)) twin++;
        bad += Check(twin, 126, 8);

        Console.WriteLine(CountPrimes(10000));
        Console.WriteLine(palindromes);
        Console.WriteLine(Lcg(42, 1000));
        Console.WriteLine(TriangleSum(1000));
        Console.WriteLine(bad);
        return bad == 0 ? 100 : bad;
    }
}
