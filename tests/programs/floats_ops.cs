// Floating-point operations kiln compiles, one small method each, called
// (never inlined) over grids of edge cases: NaN, ±0, ±infinity, denormals,
// integer boundaries, huge values. Results are printed as bit patterns, so
// the precompiled code must match the JIT bit for bit. Conversions to
// integers follow .NET 8 on x64 (no saturation).
using System;
using System.Runtime.CompilerServices;

// Float fields of a class: auto layout puts the doubles first.
sealed class Body
{
    public double X;
    public float M;
    public int N;
    public double V;
    public Body(double x, float m) { X = x; M = m; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Step(double dt)
    {
        V += M * dt;
        X += V * dt;
        N++;
        return X;
    }
}

static class FloatsOps
{
    const MethodImplOptions NI = MethodImplOptions.NoInlining;

    [MethodImpl(NI)] static double Add(double a, double b) { return a + b; }
    [MethodImpl(NI)] static double Sub(double a, double b) { return a - b; }
    [MethodImpl(NI)] static double Mul(double a, double b) { return a * b; }
    [MethodImpl(NI)] static double Div(double a, double b) { return a / b; }
    [MethodImpl(NI)] static double Rem(double a, double b) { return a % b; }
    [MethodImpl(NI)] static float RemF(float a, float b) { return a % b; }
    [MethodImpl(NI)] static double Neg(double a) { return -a; }
    [MethodImpl(NI)] static float AddF(float a, float b) { return a + b; }
    [MethodImpl(NI)] static float SubF(float a, float b) { return a - b; }
    [MethodImpl(NI)] static float MulF(float a, float b) { return a * b; }
    [MethodImpl(NI)] static float DivF(float a, float b) { return a / b; }
    [MethodImpl(NI)] static float NegF(float a) { return -a; }
    [MethodImpl(NI)] static float FmaLike(float a, float b, float c) { return a * b + c; }
    [MethodImpl(NI)] static double MixPrec(float a, double b) { return a * b + a; }

    [MethodImpl(NI)] static int Cmp(double a, double b)
    {
        int r = 0;
        if (a == b) r |= 1;
        if (a != b) r |= 2;
        if (a < b) r |= 4;
        if (a <= b) r |= 8;
        if (a > b) r |= 16;
        if (a >= b) r |= 32;
        if (!(a < b)) r |= 64;
        if (!(a <= b)) r |= 128;
        if (!(a > b)) r |= 256;
        if (!(a >= b)) r |= 512;
        return r;
    }

    [MethodImpl(NI)] static int CmpF(float a, float b)
    {
        bool eq = a == b, lt = a < b, gt = a > b;
        bool nlt = !(a < b), ngt = !(a > b);
        return (eq ? 1 : 0) | (lt ? 2 : 0) | (gt ? 4 : 0) | (nlt ? 8 : 0) | (ngt ? 16 : 0);
    }

    [MethodImpl(NI)] static int ToI4(double d) { return (int)d; }
    [MethodImpl(NI)] static long ToI8(double d) { return (long)d; }
    [MethodImpl(NI)] static uint ToU4(double d) { return (uint)d; }
    [MethodImpl(NI)] static ulong ToU8(double d) { return (ulong)d; }
    [MethodImpl(NI)] static short ToI2(double d) { return (short)d; }
    [MethodImpl(NI)] static byte ToU1(double d) { return (byte)d; }
    [MethodImpl(NI)] static sbyte FToI1(float f) { return (sbyte)f; }
    [MethodImpl(NI)] static ushort FToU2(float f) { return (ushort)f; }
    [MethodImpl(NI)] static int FToI4(float f) { return (int)f; }
    [MethodImpl(NI)] static ulong FToU8(float f) { return (ulong)f; }
    [MethodImpl(NI)] static float ToR4(double d) { return (float)d; }
    [MethodImpl(NI)] static double FToR8(float f) { return f; }

    [MethodImpl(NI)] static int OvfI4(double d) { return checked((int)d); }
    [MethodImpl(NI)] static long OvfI8(double d) { return checked((long)d); }
    [MethodImpl(NI)] static uint OvfU4(double d) { return checked((uint)d); }
    [MethodImpl(NI)] static ulong OvfU8(double d) { return checked((ulong)d); }
    [MethodImpl(NI)] static short OvfI2(double d) { return checked((short)d); }
    [MethodImpl(NI)] static sbyte OvfI1(double d) { return checked((sbyte)d); }
    [MethodImpl(NI)] static byte OvfU1F(float f) { return checked((byte)f); }
    [MethodImpl(NI)] static ulong OvfU8F(float f) { return checked((ulong)f); }

    // conv.ovf.* from F through precompiled code; OverflowException is
    // caught here (a method with EH clauses, left to the JIT).
    static string Ovf(int which, double d)
    {
        try
        {
            switch (which)
            {
                case 0: return OvfI4(d).ToString("X");
                case 1: return OvfI8(d).ToString("X");
                case 2: return OvfU4(d).ToString("X");
                case 3: return OvfU8(d).ToString("X");
                case 4: return OvfI2(d).ToString("X");
                case 5: return OvfI1(d).ToString("X");
                case 6: return OvfU1F((float)d).ToString("X");
                default: return OvfU8F((float)d).ToString("X");
            }
        }
        catch (OverflowException)
        {
            return "OVF";
        }
    }

    // Constants the JIT folds (two roundings for ulong >= 2^63) where run
    // time conversion rounds once: kiln must fold them the same way.
    [MethodImpl(NI)] static float FoldU8F() { ulong u = 0xFFFFFF7FFFFFFFFF; return (float)u; }
    [MethodImpl(NI)] static double FoldU8() { ulong u = 0x8000000000000401; return (double)u; }
    [MethodImpl(NI)] static float FoldU8F2() { ulong u = 0x8000008000000001; return (float)u; }

    [MethodImpl(NI)] static double FromI4(int i) { return i; }
    [MethodImpl(NI)] static float FromI4F(int i) { return i; }
    [MethodImpl(NI)] static double FromI8(long l) { return l; }
    [MethodImpl(NI)] static float FromI8F(long l) { return l; }
    [MethodImpl(NI)] static double FromU4(uint u) { return u; }
    [MethodImpl(NI)] static float FromU4F(uint u) { return u; }
    [MethodImpl(NI)] static double FromU8(ulong u) { return u; }
    [MethodImpl(NI)] static float FromU8F(ulong u) { return u; }

    // Mixed integer and float parameters, some on the stack.
    [MethodImpl(NI)]
    static double Many(int a, double b, float c, long d, double e, float f, int g, double h,
                       double i, double j, double k, int l, long m, double n, float o, int p)
    {
        return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9 + j * 10
             + k * 11 + l * 12 + m * 13 + n * 14 + o * 15 + p * 16;
    }

    [MethodImpl(NI)]
    static double CallsMany(double x, int y)
    {
        double keep1 = x * 1.5, keep2 = x - 3, keep3 = x / 7;
        double r = Many(y, x, (float)x, y * 2L, keep1, (float)keep2, y + 1, keep3,
                        x + 1, x + 2, x + 3, y - 1, -y, x * x, (float)(x / 3), 9);
        return r + keep1 * keep2 - keep3;
    }

    [MethodImpl(NI)]
    static double Simulate(double x, float m, int steps)
    {
        Body b = new Body(x, m);
        double s = 0;
        for (int i = 0; i < steps; i++) s += b.Step(0.125);
        b.M = (float)(b.M * 0.5);
        return s + b.N + b.V + b.M;
    }

    // Float arrays: ldelem.r8/ldelem.r4, stelem.r8/stelem.r4 (rounding).
    [MethodImpl(NI)]
    static double Dot(double[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    [MethodImpl(NI)]
    static void Scale(double[] a, float[] b, double k)
    {
        for (int i = 0; i < a.Length; i++) { a[i] = a[i] * k; b[i] = (float)(b[i] * k); }
    }

    // ref parameters and address-taken float locals: ldind/stind.r4/r8.
    [MethodImpl(NI)]
    static void Twice(ref double d, ref float f)
    {
        d = d * 2 + 0.1;
        f = (float)(f * 3.0);
    }

    [MethodImpl(NI)]
    static double ByRef(double a, float b)
    {
        double x = a;
        float y = b;
        Twice(ref x, ref y);
        Twice(ref x, ref y);
        return x + y;
    }

    [MethodImpl(NI)]
    static double SqrtNewton(double v)
    {
        double x = v;
        for (int i = 0; i < 60; i++) x = 0.5 * (x + v / x);
        return x;
    }

    [MethodImpl(NI)]
    static float Harmonic(int n)
    {
        float s = 0;
        for (int k = 1; k <= n; k++) s += 1f / k;
        return s;
    }

    [MethodImpl(NI)]
    static double Clamp(double x, double lo, double hi)
    {
        if (x < lo) return lo;
        if (x > hi) return hi;
        return x;
    }

    static string H(double d) { return BitConverter.DoubleToInt64Bits(d).ToString("X16"); }
    static string HF(float f) { return BitConverter.SingleToInt32Bits(f).ToString("X8"); }

    static int Main()
    {
        double[] ds = {
            double.NaN, 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity,
            1.0, -1.5, 2.5, 0.1, 3.0, double.Epsilon, -double.Epsilon, 2.2250738585072009E-308,
            double.MaxValue, double.MinValue, 2147483647.9, 2147483648.0, -2147483649.0,
            4294967295.0, 4294967296.0, 9.2233720368547758E18, -9.2233720368547758E18,
            1.8446744073709550E19, 1.8446744073709552E19, 1.3835058055282164E19, 3e19, -3e19, 1e300,
            127.9, 128.5, -129.5, 65535.9, 65536.0, 16777217.0, -0.9, -1.0, -128.9, -129.0,
            32767.9, 32768.0, -32768.9, -32769.0, 255.9, 256.0, -2147483648.9, 4294967295.9,
            -9.2233720368547779E18
        };
        float[] fs = {
            float.NaN, 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, 1f, -1.5f, 0.1f,
            float.Epsilon, float.MaxValue, float.MinValue, 2147483648f, -2147483648f, 4294967296f,
            9.223372e18f, 1.8446744e19f, 16777216f, 16777218f, 127.9f, 255.5f, -32768.5f, 65535f
        };
        long[] ls = {
            0, 1, -1, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue,
            0x20000020000001, unchecked((long)0x8000000000000401), unchecked((long)0x8000000000000C00),
            unchecked((long)0x8000008000000001), unchecked((long)0xFFFFFF7FFFFFFFFF),
            unchecked((long)0xFFFFFFFFFFFFFC01), 0x1000001
        };

        foreach (double a in ds)
        {
            Console.WriteLine("d {0} neg {1} i4 {2:X8} i8 {3:X16} u4 {4:X8} u8 {5:X16} i2 {6:X4} u1 {7:X2} r4 {8} sq {9} cl {10}",
                H(a), H(Neg(a)), ToI4(a), ToI8(a), ToU4(a), ToU8(a), ToI2(a), ToU1(a), HF(ToR4(a)),
                H(SqrtNewton(a)), H(Clamp(a, -1e10, 1e10)));
            Console.WriteLine("  ovf {0} {1} {2} {3} {4} {5} {6} {7}", Ovf(0, a), Ovf(1, a), Ovf(2, a),
                Ovf(3, a), Ovf(4, a), Ovf(5, a), Ovf(6, a), Ovf(7, a));
            foreach (double b in ds)
                Console.WriteLine("  {0} {1} {2} {3} {4:X3} {5}", H(Add(a, b)), H(Sub(a, b)), H(Mul(a, b)), H(Div(a, b)), Cmp(a, b), H(Rem(a, b)));
        }
        foreach (float a in fs)
        {
            Console.WriteLine("f {0} neg {1} i1 {2:X2} u2 {3:X4} i4 {4:X8} u8 {5:X16} r8 {6} mix {7}",
                HF(a), HF(NegF(a)), FToI1(a), FToU2(a), FToI4(a), FToU8(a), H(FToR8(a)), H(MixPrec(a, 0.3)));
            foreach (float b in fs)
                Console.WriteLine("  {0} {1} {2} {3} {4:X2} {5} {6}", HF(AddF(a, b)), HF(SubF(a, b)), HF(MulF(a, b)), HF(DivF(a, b)), CmpF(a, b), HF(FmaLike(a, b, 0.7f)), HF(RemF(a, b)));
        }
        foreach (long l in ls)
            Console.WriteLine("l {0:X16} {1} {2} {3} {4} {5} {6} {7} {8}", l,
                H(FromI4((int)l)), HF(FromI4F((int)l)), H(FromI8(l)), HF(FromI8F(l)),
                H(FromU4((uint)l)), HF(FromU4F((uint)l)), H(FromU8((ulong)l)), HF(FromU8F((ulong)l)));
        for (int y = -3; y <= 3; y++)
            Console.WriteLine("many {0}", H(CallsMany(y * 1.25, y)));
        Console.WriteLine("harmonic {0}", HF(Harmonic(1000)));
        Console.WriteLine("folded {0} {1} {2}", HF(FoldU8F()), H(FoldU8()), HF(FoldU8F2()));
        double[] da = new double[fs.Length];
        for (int i = 0; i < fs.Length; i++) da[i] = ds[i];
        float[] fa = (float[])fs.Clone();
        Console.WriteLine("dot {0}", H(Dot(da, fa)));
        for (int i = 0; i < fs.Length; i++) Console.WriteLine("byref {0}", H(ByRef(ds[i], fs[i])));
        Scale(da, fa, 0.7);
        for (int i = 0; i < fa.Length; i++) Console.WriteLine("scaled {0} {1}", H(da[i]), HF(fa[i]));
        foreach (double a in ds)
            Console.WriteLine("body {0}", H(Simulate(a, (float)(a * 0.3), 12)));
        Console.WriteLine("floats_ops ok");
        return 100;
    }
}
