// Conversions whose .NET 8 JIT answer depends on the CPU, at the values
// where it shows. uint64 -> double/float: one rounding with AVX-512F
// (vcvtusi2sd/ss); without it the signed conversion plus 2^64, and float
// through that double (two or three roundings). kiln compiles the methods
// U2D/U2F/U2FViaDouble with the answer without AVX-512 and a
// Check_InstructionSetSupport fixup (AVX-512F unsupported), so the runtime
// JIT-compiles them where AVX-512 is in use. The other conversions are the
// same on every CPU and always run precompiled. Output differs by CPU:
// isa_conversions.avx512.out / isa_conversions.noavx512.out.
// Self-checking (exit code 100 = pass) on facts true on both.
using System;
using System.Runtime.CompilerServices;

static class IsaConversions
{
    [MethodImpl(MethodImplOptions.NoInlining)] static double U2D(ulong x) { return (double)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static float U2F(ulong x) { return (float)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static float U2FViaDouble(ulong x) { double d = x; return (float)d; }
    [MethodImpl(MethodImplOptions.NoInlining)] static double UI2D(uint x) { return (double)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static float UI2F(uint x) { return (float)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static double L2D(long x) { return (double)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static float L2F(long x) { return (float)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static ulong D2U(double x) { return (ulong)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static ulong F2U(float x) { return (ulong)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static uint D2UI(double x) { return (uint)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static uint F2UI(float x) { return (uint)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static long D2L(double x) { return (long)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static int D2I(double x) { return (int)x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static int F2I(float x) { return (int)x; }

    static string H(double d) { return BitConverter.DoubleToInt64Bits(d).ToString("X16"); }
    static string H(float f) { return BitConverter.ToInt32(BitConverter.GetBytes(f), 0).ToString("X8"); }

    static int Main()
    {
        int failures = 0;
        ulong[] us = {
            0, 1, 0x7FFFFFFFFFFFFFFFUL, 0x8000000000000000UL, 0x8000000000000001UL,
            0x8000000000000401UL, 0x8000000000000400UL, 0x8000000000000BFFUL,
            0x8000000000000C00UL, 0x8000000000000C01UL, 0xC000000000000401UL,
            0x8000008000000001UL, 0x8000008000000000UL, 0xFFFFFFFFFFFFFFFFUL,
            0xFFFFFFFFFFFFF7FFUL, 0xFFFFFF7FFFFFFFFFUL, 0x7FFFFFFFFFFFFDFFUL,
            0x7FFFFF8000000001UL, 0x4000004000000001UL, 0x0020000020000001UL,
            0x0020000000000001UL, 0x000000FFFFFF7FFFUL,
        };
        foreach (ulong u in us)
        {
            double d = U2D(u);
            float f = U2F(u);
            Console.WriteLine("u " + u.ToString("X16") + " d " + H(d) + " f " + H(f)
                + " fd " + H(U2FViaDouble(u)) + " l " + H(L2D((long)u)) + " " + H(L2F((long)u)));
            // Within one ulp of the value and monotone at the small end.
            if (u < (1UL << 53) && d != (double)(long)u) failures++;
        }
        uint[] uis = { 0, 1, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF, 0x80000081, 0xFFFFFF7F };
        foreach (uint u in uis)
            Console.WriteLine("ui " + u.ToString("X8") + " d " + H(UI2D(u)) + " f " + H(UI2F(u)));
        double[] ds = {
            0.0, -0.0, 1.5, -1.0, -1.5, -2.0, -0.5, 4294967295.0, 4294967296.0,
            2147483648.0, -2147483649.0, 9223372036854775808.0, 9223372036854774784.0,
            18446744073709549568.0, 18446744073709551616.0, 1e20, -1e20,
            -9223372036854775808.0, -9223372036854777856.0, double.NaN,
            double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue,
        };
        foreach (double d in ds)
        {
            float f = (float)d;
            Console.WriteLine("d " + H(d) + " u8 " + D2U(d).ToString("X16") + " fu8 " + F2U(f).ToString("X16")
                + " u4 " + D2UI(d).ToString("X8") + " fu4 " + F2UI(f).ToString("X8")
                + " i8 " + D2L(d).ToString("X16") + " i4 " + D2I(d).ToString("X8") + " fi4 " + F2I(f).ToString("X8"));
        }
        // .NET 8 on x64, with or without AVX-512: conv.u8 is JIT_Dbl2ULng.
        if (D2U(double.NaN) != 0 || D2U(-1.0) != ulong.MaxValue || D2U(-2.0) != ulong.MaxValue - 1) failures++;
        if (D2U(9223372036854775808.0) != 0x8000000000000000UL) failures++;
        Console.WriteLine(failures == 0 ? "isa_conversions ok" : "isa_conversions FAILED " + failures);
        return failures == 0 ? 100 : 1;
    }
}
