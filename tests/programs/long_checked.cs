// long/ulong arithmetic and checked arithmetic: overflow exceptions on add,
// sub, mul and conversions for every integer width, unsigned semantics.
using System;

static class LongChecked
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static long L(long v) { return v; }
    static ulong U(ulong v) { return v; }
    static int I(int v) { return v; }

    static bool Overflows(Action a)
    {
        try { a(); return false; }
        catch (OverflowException) { return true; }
    }

    static ulong MulHi(ulong a, ulong b)
    {
        ulong aLo = (uint)a, aHi = a >> 32, bLo = (uint)b, bHi = b >> 32;
        ulong lo = aLo * bLo, mid1 = aHi * bLo, mid2 = aLo * bHi, hi = aHi * bHi;
        ulong carry = ((lo >> 32) + (uint)mid1 + (uint)mid2) >> 32;
        return hi + (mid1 >> 32) + (mid2 >> 32) + carry;
    }

    static int Main()
    {
        // Unsigned division and comparisons.
        Check(U(ulong.MaxValue) / 3 == 6148914691236517205ul, "ulong divide");
        Check(U(ulong.MaxValue) % 10 == 5, "ulong remainder");
        Check(U(1ul << 63) > U(1), "ulong compare above 2^63");
        Check(L(long.MinValue) < L(1), "long compare");
        Check(unchecked((ulong)L(-1)) == ulong.MaxValue, "reinterpret");
        Check(MulHi(ulong.MaxValue, ulong.MaxValue) == ulong.MaxValue - 1, "128-bit multiply high");
        Check(MulHi(1ul << 40, 1ul << 40) == 1ul << 16, "mulhi power of two");

        // Checked arithmetic overflows.
        Check(Overflows(() => { checked(L(long.MaxValue) + L(1)).ToString(); }), "long add");
        Check(Overflows(() => { checked(L(long.MinValue) - L(1)).ToString(); }), "long sub");
        Check(Overflows(() => { checked(L(1L << 32) * L(1L << 31)).ToString(); }), "long mul");
        Check(!Overflows(() => { checked(L(1L << 31) * L(1L << 31)).ToString(); }), "long mul in range");
        Check(Overflows(() => { checked(U(0) - U(1)).ToString(); }), "ulong sub");
        Check(Overflows(() => { checked(U(ulong.MaxValue) + U(1)).ToString(); }), "ulong add");
        Check(Overflows(() => { checked(U(1ul << 32) * U(1ul << 32)).ToString(); }), "ulong mul");
        Check(Overflows(() => { checked(I(int.MaxValue) + I(1)).ToString(); }), "int add");
        Check(Overflows(() => { checked(I(int.MinValue) * I(-1)).ToString(); }), "int mul");
        Check(Overflows(() => { checked((uint)I(3) - (uint)I(4)).ToString(); }), "uint sub");
        Check(Overflows(() => { checked(-L(long.MinValue)).ToString(); }), "long negate");

        // Checked conversions.
        Check(Overflows(() => { checked((int)L(1L << 31)).ToString(); }), "long to int");
        Check(!Overflows(() => { checked((int)L(-(1L << 31))).ToString(); }), "long to int min ok");
        Check(Overflows(() => { checked((uint)L(-1)).ToString(); }), "long to uint");
        Check(Overflows(() => { checked((ulong)L(-1)).ToString(); }), "long to ulong");
        Check(Overflows(() => { checked((long)U(1ul << 63)).ToString(); }), "ulong to long");
        Check(Overflows(() => { checked((byte)I(256)).ToString(); }), "int to byte");
        Check(Overflows(() => { checked((sbyte)I(128)).ToString(); }), "int to sbyte");
        Check(Overflows(() => { checked((short)I(-32769)).ToString(); }), "int to short");
        Check(Overflows(() => { checked((ushort)I(-1)).ToString(); }), "int to ushort");
        Check(Overflows(() => { checked((char)I(70000)).ToString(); }), "int to char");
        double big = 1e30;
        Check(Overflows(() => { checked((int)(big / 1e20)).ToString(); }), "double to int");
        Check(Overflows(() => { checked((long)big).ToString(); }), "double to long");
        Check(Overflows(() => { checked((ulong)(-big)).ToString(); }), "double to ulong");
        double nan = double.NaN;
        Check(Overflows(() => { checked((int)nan).ToString(); }), "NaN to int");

        // Unchecked wraps.
        Check(unchecked(L(long.MaxValue) + 1) == long.MinValue, "unchecked wraps");
        Check(unchecked((int)L(0x1_0000_0005)) == 5, "unchecked truncation");

        // Checked loop that stops at overflow.
        long f = 1; int n = 1;
        try { checked { while (true) { f *= ++n; } } }
        catch (OverflowException) { }
        Check(n == 21 && f == 2432902008176640000L, "factorial until overflow: " + n);

        // 64-bit loop counters and arithmetic across the 32-bit boundary.
        long s = 0;
        for (long k = (1L << 32) - 5; k < (1L << 32) + 5; k++) s += k & 0xFFFFFFFF;
        Check(s == (0xFFFFFFFBL + 0xFFFFFFFCL + 0xFFFFFFFDL + 0xFFFFFFFEL + 0xFFFFFFFFL) + (0 + 1 + 2 + 3 + 4), "across 2^32");

        ulong h = 14695981039346656037ul;
        foreach (char c in "kiln") { h ^= c; h *= 1099511628211ul; }
        Console.WriteLine("fnv " + h);
        Check(h == 17263846408060988979ul, "fnv-1a of kiln");

        Console.WriteLine(long.MinValue + " " + ulong.MaxValue + " " + (L(-5) >> 1) + " " + (U(ulong.MaxValue) >> 60));
        Console.WriteLine(failures == 0 ? "long_checked ok" : "long_checked FAILED");
        return failures == 0 ? 100 : 1;
    }
}
