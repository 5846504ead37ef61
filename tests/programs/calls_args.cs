// Calls: many arguments of mixed types, ref/out, params arrays, optional and
// named arguments, instance and static calls, recursion through delegates.
using System;

class Accumulator
{
    long total;
    public int Calls;

    public Accumulator Add(long v) { total += v; Calls++; return this; }
    public long Total { get { return total; } }
}

static class CallsArgs
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static long Mixed(int a, long b, byte c, short d, double e, float f, char g, bool h, sbyte i, ushort j, uint k, ulong l)
    {
        return a + b + c + d + (long)e + (long)f + g + (h ? 1000 : 0) + i + j + k + (long)l;
    }

    static double Doubles(double a, double b, double c, double d, double e, double f, double g, double h, double i, double j)
    {
        return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j;
    }

    static void Swap(ref int a, ref int b) { int t = a; a = b; b = t; }

    static bool TryDivide(int a, int b, out int q, out int r)
    {
        if (b == 0) { q = 0; r = 0; return false; }
        q = a / b; r = a % b; return true;
    }

    static int Sum(params int[] values)
    {
        int s = 0;
        foreach (int v in values) s += v;
        return s;
    }

    static string Join(string sep, params object[] parts)
    {
        string s = "";
        for (int i = 0; i < parts.Length; i++) s += (i > 0 ? sep : "") + parts[i];
        return s;
    }

    static int Optional(int a, int b = 10, int c = 100) { return a + b * 2 + c * 3; }

    static int RefChain(ref int x, int depth)
    {
        if (depth == 0) return x;
        x += depth;
        return RefChain(ref x, depth - 1);
    }

    static Func<int, int> fib;

    static int Main()
    {
        long m = Mixed(1, 2L, 3, -4, 5.9, 6.9f, 'A', true, -8, 9, 10u, 11ul);
        Console.WriteLine("mixed " + m);
        Check(m == 1 + 2 + 3 - 4 + 5 + 6 + 65 + 1000 - 8 + 9 + 10 + 11, "mixed args");

        double d = Doubles(1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5);
        Check(d == 50.0, "ten doubles " + d);

        int x = 3, y = 4;
        Swap(ref x, ref y);
        Check(x == 4 && y == 3, "swap");

        int q, r;
        Check(TryDivide(17, 5, out q, out r) && q == 3 && r == 2, "out params");
        Check(!TryDivide(1, 0, out q, out r) && q == 0, "out params on failure");

        Check(Sum() == 0 && Sum(1) == 1 && Sum(1, 2, 3, 4, 5) == 15, "params");
        Check(Sum(new int[] { 7, 8 }) == 15, "params with array");
        string j = Join(", ", 1, "two", 3.5, 'c', true);
        Console.WriteLine(j);
        Check(j == "1, two, 3.5, c, True", "params object: " + j);

        Check(Optional(1) == 321, "optional defaults");
        Check(Optional(1, 2) == 305, "one optional");
        Check(Optional(1, c: 0) == 21, "named argument");

        int z = 0;
        Check(RefChain(ref z, 10) == 55 && z == 55, "ref through recursion");

        var acc = new Accumulator();
        acc.Add(1).Add(2).Add(3).Add(-10);
        Check(acc.Total == -4 && acc.Calls == 4, "fluent instance calls");

        fib = n => n < 2 ? n : fib(n - 1) + fib(n - 2);
        Check(fib(15) == 610, "recursion through a delegate");

        Console.WriteLine(failures == 0 ? "calls_args ok" : "calls_args FAILED");
        return failures == 0 ? 100 : 1;
    }
}
