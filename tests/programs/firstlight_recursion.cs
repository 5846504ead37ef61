// First-light: recursion and static calls within the assembly, int only.
using System;

static class FirstlightRecursion
{
    static int Check(int got, int want, int id)
    {
        if (got == want) return 0;
        Console.WriteLine(-id);
        Console.WriteLine(got);
        return 1;
    }

    static int Fib(int n) { return n < 2 ? n : Fib(n - 1) + Fib(n - 2); }

    static int Fact(int n) { return n <= 1 ? 1 : n * Fact(n - 1); }

    static int Gcd(int a, int b) { return b == 0 ? a : Gcd(b, a % b); }

    static int Ackermann(int m, int n)
    {
        if (m == 0) return n + 1;
        if (n == 0) return Ackermann(m - 1, 1);
        return Ackermann(m - 1, Ackermann(m, n - 1));
    }

    static bool IsEven(int n) { return n == 0 ? true : IsOdd(n - 1); }
    static bool IsOdd(int n) { return n == 0 ? false : IsEven(n - 1); }

    static int Hanoi(int n, int from, int to, int via)
    {
        if (n == 0) return 0;
        return Hanoi(n - 1, from, via, to) + 1 + Hanoi(n - 1, via, to, from);
    }

    static int Power(int b, int e)
    {
        if (e == 0) return 1;
        int h = Power(b, e / 2);
        return e % 2 == 0 ? h * h : h * h * b;
    }

    static int Binomial(int n, int k)
    {
        if (k == 0 || k == n) return 1;
        return Binomial(n - 1, k - 1) + Binomial(n - 1, k);
    }

    static int Tak(int x, int y, int z)
    {
        if (y >= x) return z;
        return Tak(Tak(x - 1, y, z), Tak(y - 1, z, x), Tak(z - 1, x, y));
    }

    static int ManyArgs(int a, int b, int c, int d, int e, int f, int g, int h, int i, int j)
    {
        return a - b + c - d + e - f + g - h + i - j + (a * j);
    }

    static int Depth(int n) { return n == 0 ? 0 : 1 + Depth(n - 1); }

    static int Main()
    {
        int bad = 0;
        bad += Check(Fib(20), 6765, 1);
        bad += Check(Fact(10), 3628800, 2);
        bad += Check(Fact(12), 479001600, 3);
        bad += Check(Gcd(1071, 462), 21, 4);
        bad += Check(Gcd(17, 5), 1, 5);
        bad += Check(Ackermann(2, 3), 9, 6);
        bad += Check(Ackermann(3, 3), 61, 7);
        bad += Check(IsEven(100) ? 1 : 0, 1, 8);
        bad += Check(IsOdd(77) ? 1 : 0, 1, 9);
        bad += Check(Hanoi(10, 1, 3, 2), 1023, 10);
        bad += Check(Power(3, 13), 1594323, 11);
        bad += Check(Power(2, 30), 1073741824, 12);
        bad += Check(Binomial(16, 8), 12870, 13);
        bad += Check(Tak(18, 12, 6), 7, 14);
        bad += Check(ManyArgs(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 5, 15);
        bad += Check(Depth(10000), 10000, 16);

        Console.WriteLine(Fib(20));
        Console.WriteLine(Ackermann(3, 3));
        Console.WriteLine(Binomial(16, 8));
        Console.WriteLine(bad);
        return bad == 0 ? 100 : bad;
    }
}
