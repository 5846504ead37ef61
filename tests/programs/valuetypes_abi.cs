// Structs by value across calls on System V x64: one struct per eightbyte
// shape (INTEGER, SSE, INTEGER+SSE, SSE+INTEGER, references, odd sizes 3, 5,
// 6, 7, 12, 15, 16, and memory-passed 24/72-byte ones), each passed down
// three levels, returned when it fits one register, and called across the
// kiln/JIT boundary in both directions: methods named *Jit are left to the
// JIT (`kiln-exclude-method`), so kiln code calls JIT code and JIT code
// calls kiln code with every shape. Under DOTNET_GCgen0size=0x10000 the
// references inside the structs survive collections while passed along.
//
// kiln-exclude-method: Jit(
// kiln-expect-compiled: Abi:SumI4(
// kiln-expect-compiled: Abi:SumR8(
// kiln-expect-compiled: Abi:SumFF(
// kiln-expect-compiled: Abi:SumIF(
// kiln-expect-compiled: Abi:SumDL(
// kiln-expect-compiled: Abi:SumLD(
// kiln-expect-compiled: Abi:SumB3(
// kiln-expect-compiled: Abi:SumB5(
// kiln-expect-compiled: Abi:SumS6(
// kiln-expect-compiled: Abi:SumB7(
// kiln-expect-compiled: Abi:SumI12(
// kiln-expect-compiled: Abi:SumB15(
// kiln-expect-compiled: Abi:SumL16(
// kiln-expect-compiled: Abi:SumRef(
// kiln-expect-compiled: Abi:SumRefD(
// kiln-expect-compiled: Abi:Down1(
// kiln-expect-compiled: Abi:Down3(
// kiln-expect-compiled: Abi:MakeI4(
// kiln-expect-compiled: Abi:MakeR8(
// kiln-expect-compiled: Abi:MakeRef(
// kiln-expect-compiled: Abi:Many(
// kiln-expect-compiled: Abi:Run(
// kiln-expect-compiled: Abi:SumM24(
// kiln-expect-compiled: Abi:SumM72(
// kiln-expect-compiled: Abi:SumMRef(
// kiln-expect-compiled: Abi:ManyStack(
// kiln-expect-compiled: Abi:RunMemory(
// kiln-expect-compiled: Abi:DownM1(
using System;

struct I4 { public int A; }
struct R8 { public double D; }
struct FF { public float X, Y; }
struct IF { public int I; public float F; }
struct DL { public double D; public long L; }
struct LD { public long L; public double D; }
struct B3 { public byte A, B, C; }
struct B5 { public byte A, B, C, D, E; }
struct S6 { public short A, B, C; }
struct B7 { public byte A, B, C, D, E, F, G; }
struct I12 { public int A, B, C; }
struct B15 { public byte A, B, C, D, E, F, G, H, I, J, K, L, M, N, O; }
struct L16 { public long A, B; }
struct Ref { public string S; }
struct RefD { public object O; public double D; }
struct M24 { public long A, B, C; }
struct M72 { public long A, B, C, D, E, F, G, H, I; }
struct MRef { public long A; public string S; public double D; public object O; }

static class Abi
{
    static long SumI4(I4 s) { return s.A; }
    static double SumR8(R8 s) { return s.D; }
    static double SumFF(FF s) { return s.X * 10 + s.Y; }
    static double SumIF(IF s) { return s.I * 10 + s.F; }
    static double SumDL(DL s) { return s.D + s.L; }
    static double SumLD(LD s) { return s.L * 100 + s.D; }
    static long SumB3(B3 s) { return s.A + s.B * 10 + s.C * 100; }
    static long SumB5(B5 s) { return s.A + s.B + s.C + s.D + s.E * 1000; }
    static long SumS6(S6 s) { return s.A + s.B * 7 + s.C * 1000; }
    static long SumB7(B7 s) { return s.A + s.B + s.C + s.D + s.E + s.F + s.G * 1000; }
    static long SumI12(I12 s) { return s.A + s.B * 10L + s.C * 1000L; }
    static long SumB15(B15 s) { return s.A + s.H * 10 + s.O * 1000; }
    static long SumL16(L16 s) { return s.A * 3 + s.B; }
    static int SumRef(Ref s) { return s.S.Length; }
    static double SumRefD(RefD s) { return s.O.ToString().Length + s.D; }
    static long SumM24(M24 s) { return s.A + s.B + s.C; }
    static long SumM72(M72 s) { return s.A + s.I; }
    static double SumMRef(MRef s) { return s.A + s.S.Length + s.D + s.O.ToString().Length; }
    static long SumM24Jit(M24 s) { return SumM24(s) + 1; }
    static long SumM72Jit(M72 s) { return SumM72(s) + 1; }
    static double SumMRefJit(int pad, MRef s, long after) { return SumMRef(s) + pad + after; }

    // Memory-passed structs with references three levels down, with
    // garbage on the way (kiln -> JIT -> kiln).
    static double DownM1(MRef s, int n) { object junk = new byte[64 * (n % 4 + 1)]; return junk == null ? 0 : DownM2Jit(s, n); }
    static double DownM2Jit(MRef s, int n) { object junk = new byte[64]; return junk == null ? 0 : DownM3(1, 2, 3, 4, 5, 6, s, n); }
    static double DownM3(long a, long b, long c, long d, long e, long f, MRef s, int n) { object junk = new byte[128]; return junk == null ? 0 : SumMRef(s) + n + a + f; }

    // The JIT's side of the boundary: same bodies.
    static long SumI4Jit(I4 s) { return SumI4(s) + 1; }
    static double SumDLJit(DL s) { return SumDL(s) + 1; }
    static double SumLDJit(LD s) { return SumLD(s) + 1; }
    static long SumI12Jit(I12 s) { return SumI12(s) + 1; }
    static double SumRefDJit(RefD s) { return SumRefD(s) + 1; }
    static long SumB15Jit(B15 s) { return SumB15(s) + 1; }

    static I4 MakeI4(int a) { I4 s; s.A = a; return s; }
    static R8 MakeR8(double d) { R8 s; s.D = d; return s; }
    static Ref MakeRef(int n) { Ref r; r.S = "ref" + n; return r; }
    static Ref MakeRefJit(int n) { Ref r; r.S = "jit" + n; return r; }

    // Three levels down, with garbage on the way: the reference inside must
    // survive collections (kiln -> JIT -> kiln).
    static double Down1(RefD s, int n) { object junk = new byte[64 * (n % 4 + 1)]; return junk == null ? 0 : Down2Jit(s, n); }
    static double Down2Jit(RefD s, int n) { object junk = new byte[64]; return junk == null ? 0 : Down3(s, n); }
    static double Down3(RefD s, int n) { object junk = new byte[128]; return junk == null ? 0 : SumRefD(s) + n; }

    // Register pressure: scalars before a struct (the struct still fits) and
    // a struct that must go to the stack whole (its method stays with the
    // JIT, kiln must agree on the call).
    static long Many(long a, long b, long c, long d, L16 s) { return a + b + c + d + s.A + s.B; }
    static long ManyStack(long a, long b, long c, long d, long e, L16 s) { return a + b + c + d + e + s.A + s.B; }

    static string Run(int k)
    {
        I4 i4; i4.A = k;
        R8 r8; r8.D = k + 0.5;
        FF ff; ff.X = k; ff.Y = 0.25f;
        IF iff; iff.I = k; iff.F = 0.75f;
        DL dl; dl.D = 1.5; dl.L = k;
        LD ld; ld.L = k; ld.D = 2.5;
        B3 b3; b3.A = 1; b3.B = 2; b3.C = (byte)k;
        B5 b5 = new B5(); b5.E = (byte)k; b5.A = 9;
        S6 s6; s6.A = 1; s6.B = (short)k; s6.C = -3;
        B7 b7 = new B7(); b7.G = (byte)k; b7.A = 4;
        I12 i12; i12.A = 1; i12.B = 2; i12.C = k;
        B15 b15 = new B15(); b15.A = 1; b15.H = 2; b15.O = (byte)k;
        L16 l16; l16.A = k; l16.B = 1L << 40;
        Ref rf = MakeRef(k);
        RefD rd; rd.O = "obj" + k; rd.D = 0.125;
        return SumI4(i4) + " " + SumR8(r8) + " " + SumFF(ff) + " " + SumIF(iff) + " "
            + SumDL(dl) + " " + SumLD(ld) + " " + SumB3(b3) + " " + SumB5(b5) + " "
            + SumS6(s6) + " " + SumB7(b7) + " " + SumI12(i12) + " " + SumB15(b15) + " "
            + SumL16(l16) + " " + SumRef(rf) + " " + SumRefD(rd) + " | " + SumI4Jit(i4) + " " + SumDLJit(dl) + " " + SumLDJit(ld) + " "
            + SumI12Jit(i12) + " " + SumRefDJit(rd) + " " + SumB15Jit(b15) + " | "
            + MakeI4(k).A + " " + MakeR8(k).D + " " + MakeRefJit(k).S + " "
            + Down1(rd, k) + " " + Many(1, 2, 3, 4, l16);
    }

    // Shapes passed in memory (on the stack) or in too few registers (the
    // whole struct then goes on the stack), both ways across the boundary.
    static string RunMemory(int k)
    {
        M24 m24; m24.A = 1; m24.B = 2; m24.C = k;
        M72 m72 = new M72(); m72.A = 5; m72.I = k;
        L16 l16; l16.A = k; l16.B = 7;
        MRef mr; mr.A = k; mr.S = "mref" + k; mr.D = 0.5; mr.O = k * 3;
        return SumM24(m24) + " " + SumM72(m72) + " " + ManyStack(1, 2, 3, 4, 5, l16) + " "
            + SumMRef(mr) + " | " + SumM24Jit(m24) + " " + SumM72Jit(m72) + " " + SumMRefJit(9, mr, 100);
    }

    static int Main()
    {
        for (int k = 0; k < 3; k++) Console.WriteLine(Run(k));
        Console.WriteLine(RunMemory(4));
        double acc = 0;
        for (int k = 0; k < 3000; k++)
        {
            RefD rd; rd.O = "o" + k; rd.D = k;
            acc += Down1(rd, k);
        }
        Console.WriteLine(acc);
        double accm = 0;
        for (int k = 0; k < 3000; k++)
        {
            MRef mr; mr.A = k; mr.S = "s" + k; mr.D = 0.25; mr.O = "o" + (k % 10);
            accm += DownM1(mr, k);
        }
        Console.WriteLine(accm);
        return 100;
    }
}
