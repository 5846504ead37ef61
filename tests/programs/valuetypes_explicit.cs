// Explicit-layout structs (unions) and fixed buffers by value on System V
// x64, classified as the runtime does (MethodTable::
// ClassifyEightBytesWithManagedLayout): fields at the same offset merge,
// an eightbyte takes the classes of every field reaching into it, padding
// after the last field takes its class, and a lone fixed-buffer field is
// repeated over the struct. Each shape is passed and returned across the
// kiln/JIT boundary in both directions (methods named *Jit are left to the
// JIT), so a classification differing from the runtime's would scramble
// the values. System.Decimal (explicit layout in Mono's mscorlib) is
// passed to and returned from framework arithmetic too. A misaligned
// union (a long at offset 4) is passed in memory by the runtime; kiln
// refuses it, and the program still checks the values.
//
// kiln-exclude-method: Jit(
// kiln-expect-compiled: Explicit:SumDec(
// kiln-expect-compiled: Explicit:MakeDec(
// kiln-expect-compiled: Explicit:SumFUnion(
// kiln-expect-compiled: Explicit:MakeFUnion(
// kiln-expect-compiled: Explicit:SumFOnly(
// kiln-expect-compiled: Explicit:MakeFOnly(
// kiln-expect-compiled: Explicit:SumDU(
// kiln-expect-compiled: Explicit:MakeDU(
// kiln-expect-compiled: Explicit:SumDInt(
// kiln-expect-compiled: Explicit:MakeDInt(
// kiln-expect-compiled: Explicit:SumSparse(
// kiln-expect-compiled: Explicit:MakeSparse(
// kiln-expect-compiled: Explicit:SumTail(
// kiln-expect-compiled: Explicit:MakeTail(
// kiln-expect-compiled: Explicit:SumFixedF(
// kiln-expect-compiled: Explicit:MakeFixedF(
// kiln-expect-compiled: Explicit:Many(
// kiln-expect-compiled: Explicit:Decimals(
// kiln-expect-compiled: Explicit:Run(
using System;
using System.Runtime.InteropServices;

// int, int | long over the second half: INTEGER, INTEGER.
[StructLayout(LayoutKind.Explicit)]
struct Dec
{
    [FieldOffset(0)] public int Flags;
    [FieldOffset(4)] public int Hi;
    [FieldOffset(8)] public int Lo;
    [FieldOffset(12)] public int Mid;
    [FieldOffset(8)] public long LoMid;
}

// A float and an int at offset 0, a float at 4: INTEGER.
[StructLayout(LayoutKind.Explicit)]
struct FUnion
{
    [FieldOffset(0)] public float F;
    [FieldOffset(0)] public int Bits;
    [FieldOffset(4)] public float G;
}

// Two floats under a double: SSE.
[StructLayout(LayoutKind.Explicit)]
struct FOnly
{
    [FieldOffset(0)] public float X;
    [FieldOffset(4)] public float Y;
    [FieldOffset(0)] public double D;
}

// A double, then a long and a double sharing the second eightbyte: SSE, INTEGER.
[StructLayout(LayoutKind.Explicit)]
struct DU
{
    [FieldOffset(0)] public double A;
    [FieldOffset(8)] public long L;
    [FieldOffset(8)] public double B;
}

// A double overlapped by an int at offset 4: INTEGER.
[StructLayout(LayoutKind.Explicit)]
struct DInt
{
    [FieldOffset(0)] public double D;
    [FieldOffset(4)] public int High;
}

// Floats at 0 and 12, nothing between: SSE, SSE.
[StructLayout(LayoutKind.Explicit, Size = 16)]
struct Sparse
{
    [FieldOffset(0)] public float A;
    [FieldOffset(12)] public float B;
}

// A long at offset 4: misaligned, passed in memory.
[StructLayout(LayoutKind.Explicit)]
struct Skew
{
    [FieldOffset(0)] public int A;
    [FieldOffset(4)] public long B;
}

// A fixed buffer of three ints then a float: the buffer's ints repeat, so
// the second eightbyte holds an int and a float: INTEGER, INTEGER.
unsafe struct Tail
{
    public fixed int G[3];
    public float H;
}

// A fixed buffer of four floats: SSE, SSE.
unsafe struct FixedF
{
    public fixed float F[4];
}

unsafe static class Explicit
{
    static int failures;

    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static long SumDec(Dec d) { return d.Flags + 10L * d.Hi + 100L * d.Lo + 1000L * d.Mid + d.LoMid; }
    static Dec MakeDec(int k) { Dec d = new Dec(); d.Flags = k; d.Hi = k + 1; d.Lo = k + 2; d.Mid = k + 3; return d; }
    static long SumDecJit(Dec d) { return SumDec(d); }
    static Dec MakeDecJit(int k) { return MakeDec(k); }

    static double SumFUnion(FUnion u) { return u.F + u.G + (u.Bits & 0xFF); }
    static FUnion MakeFUnion(float f) { FUnion u = new FUnion(); u.F = f; u.G = f * 2; return u; }
    static double SumFUnionJit(FUnion u) { return SumFUnion(u); }
    static FUnion MakeFUnionJit(float f) { return MakeFUnion(f); }

    static double SumFOnly(FOnly u) { return u.X * 3 + u.Y; }
    static FOnly MakeFOnly(float x) { FOnly u = new FOnly(); u.X = x; u.Y = x + 0.5f; return u; }
    static double SumFOnlyJit(FOnly u) { return SumFOnly(u); }
    static FOnly MakeFOnlyJit(float x) { return MakeFOnly(x); }

    static double SumDU(DU u) { return u.A * 2 + u.B; }
    static DU MakeDU(double a) { DU u = new DU(); u.A = a; u.B = a / 4; return u; }
    static double SumDUJit(DU u) { return SumDU(u); }
    static DU MakeDUJit(double a) { return MakeDU(a); }

    static double SumDInt(DInt u) { return u.D + u.High; }
    static DInt MakeDInt(double d) { DInt u = new DInt(); u.D = d; return u; }
    static double SumDIntJit(DInt u) { return SumDInt(u); }
    static DInt MakeDIntJit(double d) { return MakeDInt(d); }

    static double SumSparse(Sparse s) { return s.A * 10 + s.B; }
    static Sparse MakeSparse(float a) { Sparse s = new Sparse(); s.A = a; s.B = -a; return s; }
    static double SumSparseJit(Sparse s) { return SumSparse(s); }
    static Sparse MakeSparseJit(float a) { return MakeSparse(a); }

    static long SumSkew(Skew s) { return s.A + s.B; }
    static Skew MakeSkew(int a) { Skew s = new Skew(); s.B = 1L << 40; s.A = a; return s; }
    static long SumSkewJit(Skew s) { return SumSkew(s); }

    static double SumTail(Tail t) { return t.G[0] + 10 * t.G[1] + 100 * t.G[2] + t.H; }
    static Tail MakeTail(int k) { Tail t = new Tail(); t.G[0] = k; t.G[1] = k + 1; t.G[2] = k + 2; t.H = 0.25f; return t; }
    static double SumTailJit(Tail t) { return SumTail(t); }
    static Tail MakeTailJit(int k) { return MakeTail(k); }

    static double SumFixedF(FixedF f) { return f.F[0] + 2 * f.F[1] + 3 * f.F[2] + 4 * f.F[3]; }
    static FixedF MakeFixedF(float k) { FixedF f = new FixedF(); for (int i = 0; i < 4; i++) f.F[i] = k + i; return f; }
    static double SumFixedFJit(FixedF f) { return SumFixedF(f); }
    static FixedF MakeFixedFJit(float k) { return MakeFixedF(k); }

    // Registers run out: later structs go on the stack whole.
    static double Many(Dec a, DU b, FOnly c, Sparse d, Tail e, FUnion f, DInt g)
    {
        return SumDec(a) + SumDU(b) + SumFOnly(c) + SumSparse(d) + SumTail(e) + SumFUnion(f) + SumDInt(g);
    }
    static double ManyJit(Dec a, DU b, FOnly c, Sparse d, Tail e, FUnion f, DInt g)
    {
        return Many(a, b, c, d, e, f, g);
    }

    static decimal Decimals(decimal a, decimal b)
    {
        decimal s = a + b;
        decimal p = a * b;
        decimal q = Math.Round(p / 7m, 5);
        return s - q + decimal.Negate(b);
    }
    static decimal DecimalsJit(decimal a, decimal b) { return Decimals(a, b); }

    static void RunSkew(int k)
    {
        Check(SumSkewJit(MakeSkew(k)) == SumSkew(MakeSkew(k)), "Skew " + k);
    }

    static void Run(int k)
    {
        object keep = new int[k % 50 + 1];
        Check(SumDecJit(MakeDec(k)) == SumDec(MakeDecJit(k)) && SumDec(MakeDec(k)) == SumDecJit(MakeDecJit(k)), "Dec " + k);
        Check(SumFUnionJit(MakeFUnion(k)) == SumFUnion(MakeFUnionJit(k)), "FUnion " + k);
        Check(SumFOnlyJit(MakeFOnly(k)) == SumFOnly(MakeFOnlyJit(k)), "FOnly " + k);
        Check(SumDUJit(MakeDU(k)) == SumDU(MakeDUJit(k)), "DU " + k);
        Check(SumDIntJit(MakeDInt(k)) == SumDInt(MakeDIntJit(k)), "DInt " + k);
        Check(SumSparseJit(MakeSparse(k)) == SumSparse(MakeSparseJit(k)), "Sparse " + k);
        Check(SumTailJit(MakeTail(k)) == SumTail(MakeTailJit(k)), "Tail " + k);
        Check(SumFixedFJit(MakeFixedF(k)) == SumFixedF(MakeFixedFJit(k)), "FixedF " + k);
        double m = Many(MakeDec(k), MakeDU(k), MakeFOnly(k), MakeSparse(k), MakeTail(k), MakeFUnion(k), MakeDInt(k));
        double mj = ManyJit(MakeDecJit(k), MakeDUJit(k), MakeFOnlyJit(k), MakeSparseJit(k), MakeTailJit(k), MakeFUnionJit(k), MakeDIntJit(k));
        Check(m == mj, "Many " + k);
        decimal a = k * 1.25m, b = 3.5m - k;
        Check(Decimals(a, b) == DecimalsJit(a, b), "decimal " + k);
        GC.KeepAlive(keep);
    }

    static int Main()
    {
        Console.WriteLine(SumDec(MakeDec(3)));
        Console.WriteLine(SumDecJit(MakeDecJit(3)));
        Console.WriteLine(SumFUnion(MakeFUnionJit(1.5f)));
        Console.WriteLine(SumFOnlyJit(MakeFOnly(2.5f)));
        Console.WriteLine(SumDU(MakeDUJit(8)));
        Console.WriteLine(SumDIntJit(MakeDInt(1.0)));
        Console.WriteLine(SumSparse(MakeSparseJit(2)));
        Console.WriteLine(SumSkewJit(MakeSkew(5)));
        Console.WriteLine(SumTailJit(MakeTail(4)));
        Console.WriteLine(SumFixedF(MakeFixedFJit(1)));
        Console.WriteLine(Many(MakeDec(1), MakeDU(2), MakeFOnly(3), MakeSparse(4), MakeTail(5), MakeFUnion(6), MakeDInt(7)));
        Console.WriteLine(Decimals(12.5m, -3.25m));
        Console.WriteLine(DecimalsJit(1e20m, 0.001m));
        for (int k = 0; k < 300; k++) { Run(k); RunSkew(k); }
        if (failures == 0) Console.WriteLine("valuetypes_explicit ok");
        return failures == 0 ? 100 : 1;
    }
}
