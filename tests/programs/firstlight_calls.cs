// First-light: static calls with many int/long arguments and mixed return
// types, call chains and mutual recursion; int and long only.
using System;

static class FirstlightCalls
{
    static int Check(long got, long want, int id)
    {
        if (got == want) return 0;
        Console.WriteLine(-id);
        Console.WriteLine(got);
        return 1;
    }

    static long Mix(int a, long b, int c, long d, int e, long f, int g, long h)
    {
        return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
    }

    static int Stack12(int a, int b, int c, int d, int e, int f, int g, int h, int i, int j, int k, int l)
    {
        return a * 1 + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9 + j * 10 + k * 11 + l * 12;
    }

    static int Twice(int x) { return Inc(Inc(x)); }
    static int Inc(int x) { return x + 1; }
    static long ToLong(int x) { return (long)x << 20; }
    static int FromLong(long x) { return (int)(x >> 20); }

    static int Ping(int n, int acc) { return n == 0 ? acc : Pong(n - 1, acc + 2); }
    static int Pong(int n, int acc) { return n == 0 ? acc : Ping(n - 1, acc * 3 % 1000003); }

    static long SumDigitsLong(long n) { return n < 10 ? n : n % 10 + SumDigitsLong(n / 10); }

    static int Choose(int flag, int a, int b) { if (flag != 0) return a; return b; }

    static long Accumulate(int n)
    {
        long total = 0;
        for (int i = 0; i < n; i++) total += Mix(i, i, i, i, i, i, i, i) - ToLong(i & 7);
        return total;
    }

    static int Main()
    {
        int bad = 0;
        bad += Check(Mix(1, 2, 3, 4, 5, 6, 7, 8), 1 + 4 + 9 + 16 + 25 + 36 + 49 + 64, 1);
        bad += Check(Mix(-1, 1L << 40, 0, 0, 0, 0, 0, -1), -1 + (2L << 40) - 8, 2);
        bad += Check(Stack12(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), 78, 3);
        bad += Check(Stack12(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1), 364, 4);
        bad += Check(Twice(40), 42, 5);
        bad += Check(FromLong(ToLong(12345)), 12345, 6);
        bad += Check(FromLong(ToLong(-77)), -77, 7);
        bad += Check(Ping(0, 5), 5, 8);
        bad += Check(Ping(1, 5), 7, 9);
        bad += Check(Ping(2, 5), 21, 10);
        bad += Check(SumDigitsLong(9223372036854775807L), 88, 11);
        bad += Check(Choose(1, 10, 20) + Choose(0, 10, 20), 30, 12);
        bad += Check(Accumulate(1000), 36L * 499500 - (28L << 20) * 125, 13);

        Console.WriteLine(Mix(1, 2, 3, 4, 5, 6, 7, 8));
        Console.WriteLine(Stack12(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1));
        Console.WriteLine(Ping(1000, 1));
        Console.WriteLine(Accumulate(1000));
        Console.WriteLine(bad);
        return bad == 0 ? 100 : bad;
    }
}
