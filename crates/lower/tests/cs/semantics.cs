// Integer semantics probes for the differential test `tests/semantics.rs`:
// every static method of S is run on the real runtime (by harness.cs's
// Main, through reflection, on the cases of semantics.cases) and on kiln's
// lowered IR.
using System;

static partial class S
{
    static int Add(int a, int b) { return a + b; }
    static int Sub(int a, int b) { return a - b; }
    static int Mul(int a, int b) { return a * b; }
    static int Div(int a, int b) { return a / b; }
    static int Rem(int a, int b) { return a % b; }
    static uint DivU(uint a, uint b) { return a / b; }
    static uint RemU(uint a, uint b) { return a % b; }
    static long DivL(long a, long b) { return a / b; }
    static long RemL(long a, long b) { return a % b; }
    static ulong DivUL(ulong a, ulong b) { return a / b; }
    static ulong RemUL(ulong a, ulong b) { return a % b; }
    static int DivM1(int a) { return a / -1; }
    static int RemM1(int a) { return a % -1; }
    static int DivConst(int a) { return a / 7 + a % 10; }
    static int Shl(int a, int s) { return a << s; }
    static int Shr(int a, int s) { return a >> s; }
    static uint ShrU(uint a, int s) { return a >> s; }
    static long ShlL(long a, int s) { return a << s; }
    static long ShrL(long a, int s) { return a >> s; }
    static ulong ShrUL(ulong a, int s) { return a >> s; }
    static int Neg(int a) { return -a; }
    static int Not(int a) { return ~a; }
    static long NegL(long a) { return -a; }
    static int Bits(int a, int b) { return (a & b) | (a ^ ~b); }
    static int AddC(int a, int b) { return checked(a + b); }
    static int SubC(int a, int b) { return checked(a - b); }
    static int MulC(int a, int b) { return checked(a * b); }
    static uint AddCU(uint a, uint b) { return checked(a + b); }
    static uint SubCU(uint a, uint b) { return checked(a - b); }
    static uint MulCU(uint a, uint b) { return checked(a * b); }
    static long AddCL(long a, long b) { return checked(a + b); }
    static long MulCL(long a, long b) { return checked(a * b); }
    static ulong AddCUL(ulong a, ulong b) { return checked(a + b); }
    static ulong SubCUL(ulong a, ulong b) { return checked(a - b); }
    static ulong MulCUL(ulong a, ulong b) { return checked(a * b); }
    static sbyte ToI1(int a) { return (sbyte)a; }
    static byte ToU1(int a) { return (byte)a; }
    static short ToI2(int a) { return (short)a; }
    static ushort ToU2(int a) { return (ushort)a; }
    static char ToChar(int a) { return (char)a; }
    static uint ToU4(int a) { return (uint)a; }
    static long ToI8(int a) { return a; }
    static ulong ToU8(int a) { return (ulong)a; }
    static ulong ToU8FromU4(uint a) { return a; }
    static long ToI8FromU4(uint a) { return a; }
    static int FromL(long a) { return (int)a; }
    static uint FromLU(long a) { return (uint)a; }
    static sbyte FromLToI1(long a) { return (sbyte)a; }
    static sbyte CToI1(int a) { return checked((sbyte)a); }
    static byte CToU1(int a) { return checked((byte)a); }
    static short CToI2(long a) { return checked((short)a); }
    static ushort CToU2(long a) { return checked((ushort)a); }
    static char CToChar(int a) { return checked((char)a); }
    static int CToI4(long a) { return checked((int)a); }
    static uint CToU4(int a) { return checked((uint)a); }
    static uint CToU4L(long a) { return checked((uint)a); }
    static ulong CToU8(long a) { return checked((ulong)a); }
    static ulong CToU8FromI4(int a) { return checked((ulong)a); }
    static long CToI8(ulong a) { return checked((long)a); }
    static int CToI4U(uint a) { return checked((int)a); }
    static byte CToU1U(uint a) { return checked((byte)a); }
    static sbyte CToI1UL(ulong a) { return checked((sbyte)a); }
    static uint CToU4UL(ulong a) { return checked((uint)a); }
    static bool Lt(int a, int b) { return a < b; }
    static bool LtU(uint a, uint b) { return a < b; }
    static bool Gt(int a, int b) { return a > b; }
    static bool GtU(uint a, uint b) { return a > b; }
    static bool Le(long a, long b) { return a <= b; }
    static bool LeU(ulong a, ulong b) { return a <= b; }
    static bool Ge(int a, int b) { return a >= b; }
    static bool GeU(uint a, uint b) { return a >= b; }
    static bool Eq(long a, long b) { return a == b; }
    static bool Ne(int a, int b) { return a != b; }
    static int Branches(int a, int b)
    {
        int r = 0;
        if (a < b) r += 1;
        if (a <= b) r += 2;
        if (a > b) r += 4;
        if (a >= b) r += 8;
        if (a == b) r += 16;
        if (a != b) r += 32;
        if ((uint)a < (uint)b) r += 64;
        if ((uint)a <= (uint)b) r += 128;
        if ((uint)a > (uint)b) r += 256;
        if ((uint)a >= (uint)b) r += 512;
        return r;
    }
    static int BranchesL(long a, long b)
    {
        int r = 0;
        if (a < b) r += 1;
        if (a <= b) r += 2;
        if (a > b) r += 4;
        if (a >= b) r += 8;
        if (a == b) r += 16;
        if (a != b) r += 32;
        if ((ulong)a < (ulong)b) r += 64;
        if ((ulong)a <= (ulong)b) r += 128;
        if ((ulong)a > (ulong)b) r += 256;
        if ((ulong)a >= (ulong)b) r += 512;
        return r;
    }
    static int Sw(int a)
    {
        switch (a)
        {
            case 0: return 10;
            case 1: return 20;
            case 2: return 30;
            case 5: return 60;
            case -3: return 70;
            default: return -1;
        }
    }
    static int SmallLocals(int a)
    {
        byte b = (byte)a; sbyte c = (sbyte)a; short d = (short)a;
        ushort e = (ushort)a; char f = (char)a; bool g = a > 0;
        b += 200; c -= 100; d *= 3; e += 1; f++;
        return b + c + d + e + f + (g ? 1 : 0);
    }
    static byte AddBytes(byte a, byte b) { return (byte)(a + b); }
    static sbyte SubSBytes(sbyte a, sbyte b) { return (sbyte)(a - b); }
    static char NextChar(char c) { return (char)(c + 1); }
    static bool Xor(bool a, bool b) { return a ^ b; }
    static long Mixed(int a, long b) { return a + b; }
    static int Collatz(long n)
    {
        int steps = 0;
        while (n != 1) { n = (n & 1) == 0 ? n / 2 : 3 * n + 1; steps++; }
        return steps;
    }
    static long Pow(long b, int e)
    {
        long r = 1;
        while (e > 0) { if ((e & 1) != 0) r *= b; b *= b; e >>= 1; }
        return r;
    }
    static int Gcd(int a, int b) { while (b != 0) { int t = a % b; a = b; b = t; } return a; }
    static ulong Hash(ulong h, int n)
    {
        for (int i = 0; i < n; i++) { h ^= h >> 33; h *= 0xff51afd7ed558ccdUL; h ^= h >> 33; }
        return h;
    }
}
