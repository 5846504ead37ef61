// Structs of two eightbytes returned in registers on System V x64: RAX:RDX
// (INTEGER+INTEGER, with references in either or both), XMM0:XMM1
// (SSE+SSE), RAX:XMM0 (INTEGER+SSE) and XMM0:RAX (SSE+INTEGER), plus odd
// sizes (12, 15 bytes). Each shape is returned by kiln code to kiln code,
// by JIT code (methods named *Jit are left to the JIT) to kiln code, and by
// kiln code to JIT code. DRef, declared float first, is laid out
// reference first by the runtime's auto layout (RAX:XMM0). Under
// DOTNET_GCgen0size=0x10000 the references returned in RAX/RDX survive
// the collections that follow.
//
// kiln-exclude-method: Jit(
// kiln-expect-compiled: Ret:MakeLL(
// kiln-expect-compiled: Ret:MakeDD(
// kiln-expect-compiled: Ret:MakeLD(
// kiln-expect-compiled: Ret:MakeDL(
// kiln-expect-compiled: Ret:MakeI12(
// kiln-expect-compiled: Ret:MakeB15(
// kiln-expect-compiled: Ret:MakeRL(
// kiln-expect-compiled: Ret:MakeLR(
// kiln-expect-compiled: Ret:MakeRR(
// kiln-expect-compiled: Ret:MakeRD(
// kiln-expect-compiled: Ret:MakeDRef(
// kiln-expect-compiled: Ret:Pass(
// kiln-expect-compiled: Ret:Run(
// kiln-expect-compiled: Ret:Churn(
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

// Explicit layout: CoreCLR classifies it by its (overlapping) fields and
// passes and returns it in registers; kiln does not classify it, so the
// methods passing or returning it by value stay with the JIT (RunUnion).
[StructLayout(LayoutKind.Explicit)]
struct U8 { [FieldOffset(0)] public int I; [FieldOffset(0)] public float F; [FieldOffset(4)] public int J; }

struct LL { public long A, B; }
struct DD { public double X, Y; }
struct LD { public long L; public double D; }
struct DL { public double D; public long L; }
struct I12 { public int A, B, C; }
struct B15 { public byte A, B, C, D, E, F, G, H, I, J, K, L, M, N, O; }
struct RL { public string S; public long N; }
struct LR { public long N; public string S; }
struct RR { public string S; public object O; }
struct RD { public string S; public double D; }
struct DRef { public double D; public string S; }

static class Ret
{
    [MethodImpl(MethodImplOptions.NoInlining)] static LL MakeLL(long k) { LL s; s.A = k; s.B = -k * 3; return s; }
    [MethodImpl(MethodImplOptions.NoInlining)] static DD MakeDD(double k) { DD s; s.X = k; s.Y = k / 4; return s; }
    [MethodImpl(MethodImplOptions.NoInlining)] static LD MakeLD(long k) { LD s; s.L = k; s.D = k + 0.5; return s; }
    [MethodImpl(MethodImplOptions.NoInlining)] static DL MakeDL(long k) { DL s; s.D = k * 1.5; s.L = k << 33; return s; }
    [MethodImpl(MethodImplOptions.NoInlining)] static I12 MakeI12(int k) { I12 s; s.A = k; s.B = k + 1; s.C = -k; return s; }
    [MethodImpl(MethodImplOptions.NoInlining)] static B15 MakeB15(int k) { B15 s = new B15(); s.A = (byte)k; s.H = 7; s.O = (byte)(k * 3); return s; }
    [MethodImpl(MethodImplOptions.NoInlining)] static RL MakeRL(int k) { RL s; s.S = "rl" + k; s.N = k; Churn(k); return s; }
    [MethodImpl(MethodImplOptions.NoInlining)] static LR MakeLR(int k) { LR s; s.N = -k; s.S = "lr" + k; Churn(k); return s; }
    [MethodImpl(MethodImplOptions.NoInlining)] static RR MakeRR(int k) { RR s; s.S = "a" + k; s.O = new int[] { k }; Churn(k); return s; }
    [MethodImpl(MethodImplOptions.NoInlining)] static RD MakeRD(int k) { RD s; s.S = "rd" + k; s.D = k / 8.0; return s; }
    [MethodImpl(MethodImplOptions.NoInlining)] static DRef MakeDRef(int k) { DRef s; s.D = k; s.S = "dr" + k; return s; }

    // The JIT's side: the same values.
    [MethodImpl(MethodImplOptions.NoInlining)] static LL MakeLLJit(long k) { return MakeLL(k); }
    [MethodImpl(MethodImplOptions.NoInlining)] static DD MakeDDJit(double k) { return MakeDD(k); }
    [MethodImpl(MethodImplOptions.NoInlining)] static LD MakeLDJit(long k) { return MakeLD(k); }
    [MethodImpl(MethodImplOptions.NoInlining)] static DL MakeDLJit(long k) { return MakeDL(k); }
    [MethodImpl(MethodImplOptions.NoInlining)] static I12 MakeI12Jit(int k) { return MakeI12(k); }
    [MethodImpl(MethodImplOptions.NoInlining)] static RL MakeRLJit(int k) { return MakeRL(k); }
    [MethodImpl(MethodImplOptions.NoInlining)] static LR MakeLRJit(int k) { return MakeLR(k); }
    [MethodImpl(MethodImplOptions.NoInlining)] static RR MakeRRJit(int k) { return MakeRR(k); }

    // A struct returned by a callee and returned again at once.
    [MethodImpl(MethodImplOptions.NoInlining)] static RR Pass(int k) { return k % 2 == 0 ? MakeRR(k) : MakeRRJit(k); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Churn(int n)
    {
        int s = 0;
        for (int i = 0; i < n % 7 + 1; i++)
            s += new byte[100].Length;
        return s;
    }

    static string Show(RR r) { return r.S + "/" + ((int[])r.O)[0]; }

    [MethodImpl(MethodImplOptions.NoInlining)] static U8 MakeU8(int k) { U8 u = new U8(); u.I = k; u.J = -k; return u; }
    [MethodImpl(MethodImplOptions.NoInlining)] static long UseU8(long pad, U8 u) { return pad + u.I * 10 + u.J; }
    static string RunUnion(int k) { U8 u = MakeU8(k); return UseU8(1000, u) + " " + u.F.ToString("E3"); }

    static string Run(int k)
    {
        LL ll = MakeLL(k), llj = MakeLLJit(k);
        DD dd = MakeDD(k), ddj = MakeDDJit(k);
        LD ld = MakeLD(k), ldj = MakeLDJit(k);
        DL dl = MakeDL(k), dlj = MakeDLJit(k);
        I12 i12 = MakeI12(k), i12j = MakeI12Jit(k);
        B15 b15 = MakeB15(k);
        RL rl = MakeRL(k), rlj = MakeRLJit(k);
        LR lr = MakeLR(k), lrj = MakeLRJit(k);
        RR rr = MakeRR(k), rrj = MakeRRJit(k);
        RD rd = MakeRD(k);
        DRef dr = MakeDRef(k);
        Churn(k);
        return ll.A + "," + ll.B + " " + llj.B + " | " + dd.X + "," + dd.Y + " " + ddj.Y + " | "
            + ld.L + "," + ld.D + " " + ldj.D + " | " + dl.D + "," + dl.L + " " + dlj.L + " | "
            + i12.A + "," + i12.B + "," + i12.C + " " + i12j.C + " | " + b15.A + "," + b15.H + "," + b15.O + " | "
            + rl.S + "," + rl.N + " " + rlj.S + " | " + lr.N + "," + lr.S + " " + lrj.S + " | "
            + Show(rr) + " " + Show(rrj) + " " + Show(Pass(k)) + " | " + rd.S + "," + rd.D + " | " + dr.S + "," + dr.D;
    }

    // The JIT calling kiln's methods.
    static string RunJit(int k)
    {
        LL ll = MakeLL(k); DD dd = MakeDD(k); LD ld = MakeLD(k); DL dl = MakeDL(k);
        RL rl = MakeRL(k); LR lr = MakeLR(k); RR rr = MakeRR(k); I12 i12 = MakeI12(k);
        return ll.B + " " + dd.Y + " " + ld.D + " " + dl.L + " " + rl.S + " " + lr.S + " " + Show(rr) + " " + i12.C;
    }

    static int Main()
    {
        for (int k = 0; k < 3; k++) Console.WriteLine(Run(k));
        Console.WriteLine(RunJit(5));
        Console.WriteLine(RunUnion(1234567));
        long total = 0;
        for (int k = 0; k < 2000; k++)
        {
            RR r = Pass(k);
            LR l = MakeLR(k);
            total += r.S.Length + ((int[])r.O)[0] + l.S.Length + l.N;
        }
        Console.WriteLine(total);
        return 100;
    }
}
