// Structs returned through a hidden return buffer (larger than 16 bytes,
// System V class MEMORY): 24 and 72 bytes, with and without references,
// from static and instance methods (`this`, then the buffer), from shared
// generic code (the buffer before the generic context), and from the
// framework (Nullable<decimal>, 24 bytes, built by its constructor, which
// takes the decimal by value in two registers). Each
// shape is returned by kiln code to kiln code, by JIT code (methods named
// *Jit) to kiln code and by kiln code to JIT code; results are stored into
// locals, array elements and fields of heap objects. Under
// DOTNET_GCgen0size=0x10000 the references written into the buffers
// survive the collections that follow.
//
// kiln-exclude-method: Jit(
// kiln-expect-compiled: Big:Make24(
// kiln-expect-compiled: Big:Make72(
// kiln-expect-compiled: Big:MakeRefs(
// kiln-expect-compiled: Big:Twice(
// kiln-expect-compiled: Big:Run(
// kiln-expect-compiled: Big:Fill(
// kiln-expect-compiled: Big:MaybeMoney(
// kiln-expect-compiled: Maker:Next(
using System;
using System.Runtime.CompilerServices;

struct S24 { public long A, B, C; }
struct S72 { public long A, B, C, D, E, F, G, H, I; }
struct Refs { public string Name; public long N; public object Tag; public int[] Data; }

class Maker
{
    int calls;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public Refs Next(string prefix)
    {
        calls++;
        Refs r;
        r.Name = prefix + calls;
        r.N = calls * 11;
        r.Tag = new object();
        r.Data = new int[calls];
        return r;
    }
}

class Holder<T> where T : class
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Refs Wrap(T value, long n)
    {
        Refs r;
        object o = value;
        r.Name = o.ToString();
        r.N = n;
        r.Tag = value;
        r.Data = null;
        return r;
    }
}

class Box
{
    public Refs Inner;
    public S72 Wide;
}

static class Big
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static S24 Make24(long k) { S24 s; s.A = k; s.B = k * 2; s.C = -k; return s; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static S72 Make72(long k)
    {
        S72 s = new S72();
        s.A = k; s.E = k * k; s.I = -3 * k;
        return s;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Refs MakeRefs(int k)
    {
        Refs r;
        r.Name = "r" + k;
        r.N = k;
        r.Tag = "tag" + (k % 4);
        r.Data = new int[] { k, k + 1 };
        Churn(k);
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static S24 Twice(long a) { return Make24(a * 2); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static decimal? MaybeMoney(int k)
    {
        if (k % 2 == 0)
            return null;
        return k * 1.25m;
    }

    // The JIT's side.
    [MethodImpl(MethodImplOptions.NoInlining)] static S24 Make24Jit(long k) { return Make24(k); }
    [MethodImpl(MethodImplOptions.NoInlining)] static S72 Make72Jit(long k) { return Make72(k); }
    [MethodImpl(MethodImplOptions.NoInlining)] static Refs MakeRefsJit(int k) { return MakeRefs(k); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Churn(int n)
    {
        int s = 0;
        for (int i = 0; i < n % 5 + 1; i++)
            s += new byte[64].Length;
        return s;
    }

    static string Show(ref Refs r)
    {
        return r.Name + "/" + r.N + "/" + r.Tag + "/" + (r.Data == null ? -1 : r.Data.Length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Fill(Refs[] into, Box box, int k)
    {
        into[k % into.Length] = MakeRefs(k);
        box.Inner = MakeRefsJit(k + 100);
        box.Wide = Make72(k);
    }

    static string Run(int k)
    {
        S24 a = Make24(k), aj = Make24Jit(k), t = Twice(a.A);
        S72 b = Make72(k), bj = Make72Jit(k);
        Refs r = MakeRefs(k), rj = MakeRefsJit(k);
        var m = new Maker();
        Refs n1 = m.Next("m"), n2 = m.Next("m");
        Refs w = Holder<string>.Wrap("held" + k, k);
        decimal? money = MaybeMoney(k);
        return a.A + "," + a.B + "," + a.C + " " + aj.C + " " + t.B + " | " + b.A + "," + b.E + "," + b.I + " " + bj.I + " | "
            + Show(ref r) + " " + Show(ref rj) + " | " + Show(ref n1) + " " + Show(ref n2) + " | " + Show(ref w) + " | "
            + (money.HasValue ? (double)money.Value : -1.0);
    }

    // The JIT calling kiln's methods.
    static string RunJit(int k)
    {
        S24 a = Make24(k);
        S72 b = Make72(k);
        Refs r = MakeRefs(k);
        Refs w = Holder<string>.Wrap("j", k);
        return a.B + " " + b.E + " " + Show(ref r) + " " + Show(ref w) + " " + new Maker().Next("x").Name;
    }

    static int Main()
    {
        for (int k = 1; k < 4; k++) Console.WriteLine(Run(k));
        Console.WriteLine(RunJit(6));
        var arr = new Refs[7];
        var box = new Box();
        long total = 0;
        for (int k = 0; k < 3000; k++)
        {
            Fill(arr, box, k);
            total += arr[k % 7].Data[1] + box.Inner.Name.Length + box.Wide.E % 1000;
        }
        Console.WriteLine(total + " " + Show(ref arr[3]) + " " + Show(ref box.Inner));
        return 100;
    }
}
