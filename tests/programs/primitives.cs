// Locals and arguments of every primitive type: ranges, sign and zero
// extension, truncation on store, conversions between them.
using System;

static class Primitives
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static sbyte NegS(sbyte v) { return (sbyte)-v; }
    static byte IncB(byte v) { return (byte)(v + 1); }
    static short MulS(short a, short b) { return (short)(a * b); }
    static ushort ShlU(ushort v, int n) { return (ushort)(v << n); }
    static char NextChar(char c) { return (char)(c + 1); }
    static bool Not(bool b) { return !b; }
    static uint RotL(uint v, int n) { return (v << n) | (v >> (32 - n)); }
    static ulong Mul64(ulong a, ulong b) { return a * b; }
    static float Half(float f) { return f / 2; }
    static double Third(double d) { return d / 3; }
    static IntPtr AddPtr(IntPtr p, int n) { return new IntPtr(p.ToInt64() + n); }
    static UIntPtr UPtr(ulong v) { return new UIntPtr(v); }
    static decimal Dec(decimal a, decimal b) { return a * b + 0.5m; }

    static string Describe(sbyte a, byte b, short c, ushort d, int e, uint f, long g, ulong h, char i, bool j, float k, double l)
    {
        return a + "|" + b + "|" + c + "|" + d + "|" + e + "|" + f + "|" + g + "|" + h + "|" + i + "|" + j + "|" + k + "|" + l;
    }

    static int Main()
    {
        Check(NegS(-128) == -128, "sbyte negate min wraps");
        Check(NegS(5) == -5, "sbyte negate");
        Check(IncB(255) == 0, "byte wraps");
        Check(MulS(300, 300) == 24464, "short truncation " + MulS(300, 300));
        Check(ShlU(0x8001, 1) == 2, "ushort truncation");
        Check(NextChar('y') == 'z' && NextChar('\uffff') == '\0', "char increment");
        Check(Not(false) && !Not(true), "bool");
        Check(RotL(0x80000001u, 1) == 3u, "uint rotate");
        Check(Mul64(0xFFFFFFFFul, 0xFFFFFFFFul) == 0xFFFFFFFE00000001ul, "ulong multiply");
        Check(Half(3f) == 1.5f, "float arg");
        Check(Third(9.0) == 3.0, "double arg");
        Check(AddPtr(new IntPtr(1000), 24).ToInt64() == 1024, "IntPtr");
        Check(UPtr(77).ToUInt64() == 77, "UIntPtr");
        Check(IntPtr.Size == 8, "64-bit process");
        Check(Dec(1.5m, 3m) == 5m, "decimal");

        // Sign and zero extension through locals.
        sbyte sb = -1; byte ub = (byte)sb; short s16 = sb; ushort u16 = (ushort)sb;
        int i32 = sb; uint u32 = (uint)i32; long i64 = sb; ulong u64 = (ulong)i64;
        Check(ub == 255 && s16 == -1 && u16 == 65535, "8/16-bit extension");
        Check(i32 == -1 && u32 == 0xFFFFFFFF && i64 == -1 && u64 == ulong.MaxValue, "32/64-bit extension");
        uint big = 0xFFFFFFFF;
        long zext = big;
        Check(zext == 4294967295L, "uint zero-extends to long");
        char ch = (char)0xFFFF; int chi = ch;
        Check(chi == 65535, "char zero-extends");

        // Truncating conversions.
        long l = 0x1234567890ABCDEFL;
        Check((int)l == unchecked((int)0x90ABCDEF), "long to int");
        Check((short)l == unchecked((short)0xCDEF), "long to short");
        Check((byte)l == 0xEF && (sbyte)l == -17, "long to byte/sbyte");
        Check((char)l == '\uCDEF', "long to char");

        // Min/max of every type.
        Check(sbyte.MinValue == -128 && sbyte.MaxValue == 127, "sbyte range");
        Check(short.MinValue == -32768 && ushort.MaxValue == 65535, "16-bit range");
        Check(int.MinValue == -2147483648 && uint.MaxValue == 4294967295u, "32-bit range");
        Check(long.MinValue == -9223372036854775808L && ulong.MaxValue == 18446744073709551615ul, "64-bit range");

        // Mixed-type arithmetic promotions.
        byte a = 200, b = 100;
        int sum = a + b;
        Check(sum == 300, "byte promotion");
        ushort ua = 65535; ushort ub2 = 2;
        Check(ua * ub2 == 131070, "ushort promotion");
        uint ux = 3; int iy = -1;
        Check(ux + iy == 2L, "uint+int promotes to long");

        string desc = Describe(-5, 250, -300, 60000, -70000, 4000000000u, -5000000000L, 10000000000000000000ul, 'Q', true, 1.25f, -2.5);
        Console.WriteLine(desc);
        Check(desc == "-5|250|-300|60000|-70000|4000000000|-5000000000|10000000000000000000|Q|True|1.25|-2.5", "describe");

        // Locals of every type live across a loop.
        sbyte lsb = 0; byte lb = 0; short ls = 0; ushort lus = 0; int li = 0; uint lui = 0;
        long ll = 0; ulong lul = 0; char lc = 'a'; bool lbo = false; float lf = 0; double ld = 0;
        for (int k = 0; k < 300; k++)
        {
            lsb += 3; lb += 7; ls += 301; lus += 999; li += k * k; lui -= 1; ll += (long)k << 33;
            lul += ulong.MaxValue / 300; lc = (char)('a' + k % 26); lbo = !lbo; lf += 0.5f; ld += 0.25;
        }
        Console.WriteLine(lsb + " " + lb + " " + ls + " " + lus + " " + li + " " + lui + " " + ll + " " + lul + " " + lc + " " + lbo + " " + lf + " " + ld);
        Check(lsb == unchecked((sbyte)900) && lb == unchecked((byte)2100) && ls == unchecked((short)90300), "small locals wrap");
        Check(lus == unchecked((ushort)299700) && li == 8955050 && lui == unchecked((uint)-300), "int locals");
        Check(ll == 44850L << 33 && lc == 'n' && !lbo && lf == 150f && ld == 75.0, "wide locals");

        Console.WriteLine(failures == 0 ? "primitives ok" : "primitives FAILED");
        return failures == 0 ? 100 : 1;
    }
}
