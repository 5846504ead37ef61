// Exact instantiations of generic value types by value: the framework's
// KeyValuePair<K,V>, ValueTuple<…>, Nullable<T> and ArraySegment<T>, and a
// generic struct of this program, in locals, arguments, returns (one and
// two registers), array elements and fields of this program's structs.
// Each instantiation's layout depends on its arguments, so kiln's code
// carries a Check_TypeLayout fixup per instantiation it bakes in. Boxing a
// Nullable<T> (the value or null) is left to the JIT (Boxes).
//
// kiln-expect-compiled: Gen:SumPairs(
// kiln-expect-compiled: Gen:MakePair(
// kiln-expect-compiled: Gen:Swap(
// kiln-expect-compiled: Gen:Tuple(
// kiln-expect-compiled: Gen:TupleSum(
// kiln-expect-compiled: Gen:OrZero(
// kiln-expect-compiled: Gen:Half(
// kiln-expect-compiled: Gen:Maybe(
// kiln-expect-compiled: Gen:CountSegment(
// kiln-expect-compiled: Gen:MineSum(
// kiln-expect-compiled: Gen:Wrap(
// kiln-expect-compiled: Gen:HolderSum(
// kiln-expect-compiled: Gen:CallsGeneric(
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

struct Mine<T, U>
{
    public T First;
    public U Second;
}

struct Holder
{
    public KeyValuePair<string, int> Entry;
    public double? Weight;
    public byte Tag;
}

static class Gen
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static KeyValuePair<string, int> MakePair(string k, int v)
    {
        return new KeyValuePair<string, int>(k, v);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int SumPairs(KeyValuePair<string, int>[] pairs)
    {
        int s = 0;
        for (int i = 0; i < pairs.Length; i++)
        {
            KeyValuePair<string, int> p = pairs[i];
            s += p.Key.Length * 100 + p.Value;
        }
        return s;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static KeyValuePair<int, string> Swap(KeyValuePair<string, int> p)
    {
        return new KeyValuePair<int, string>(p.Value, p.Key);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static ValueTuple<int, double> Tuple(int a, double b)
    {
        return new ValueTuple<int, double>(a, b);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double TupleSum(ValueTuple<int, double> t)
    {
        return t.Item1 + t.Item2;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int OrZero(int? x)
    {
        return x.HasValue ? x.Value : 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double? Half(double? x)
    {
        if (!x.HasValue)
            return null;
        return x.GetValueOrDefault() / 2;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int? Maybe(int k)
    {
        int? r = null;
        if (k % 3 != 0)
            r = k * 10;
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int CountSegment(ArraySegment<int> seg)
    {
        int s = 0;
        for (int i = 0; i < seg.Count; i++)
            s += seg.Array[seg.Offset + i];
        return s;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double MineSum(Mine<int, double> m, Mine<string, long> n)
    {
        return m.First + m.Second + n.First.Length + n.Second;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Mine<string, long> Wrap(string s, long n)
    {
        Mine<string, long> m;
        m.First = s;
        m.Second = n;
        return m;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double HolderSum(Holder[] hs)
    {
        double s = 0;
        foreach (Holder h in hs)
            s += h.Entry.Value + (h.Weight.HasValue ? h.Weight.Value : -1) + h.Tag;
        return s;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static string Tagged<T>(T item, DateTime at, KeyValuePair<string, int> kv) where T : class
    {
        object o = item;
        return o + "@" + at.Year + kv.Key + kv.Value;
    }

    // Calls of a generic method's instantiation with structs by value.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static string CallsGeneric(int k)
    {
        return Tagged<string>("x" + k, new DateTime(2001 + k, 1, 1), MakePair("k", k));
    }

    static string Boxes(int? a, int? b)
    {
        object oa = a, ob = b;
        return (oa == null ? "null" : oa.GetType().Name) + " " + (ob == null ? "null" : ob.ToString());
    }

    static int Main()
    {
        var pairs = new KeyValuePair<string, int>[4];
        for (int i = 0; i < pairs.Length; i++)
            pairs[i] = MakePair(new string('x', i + 1), i * 7);
        Console.WriteLine(SumPairs(pairs));
        var sw = Swap(MakePair("key", 42));
        Console.WriteLine(sw.Key + " " + sw.Value);

        Console.WriteLine(TupleSum(Tuple(3, 0.25)));
        var t = Tuple(-8, 1e10);
        Console.WriteLine(t.Item1 + " " + t.Item2);

        Console.WriteLine(OrZero(5) + " " + OrZero(null));
        Console.WriteLine(Half(9) + " " + (Half(null).HasValue ? "value" : "none"));
        for (int k = 0; k < 4; k++)
        {
            int? m = Maybe(k);
            Console.Write((m.HasValue ? m.Value.ToString() : "-") + " ");
        }
        Console.WriteLine();

        var arr = new int[] { 1, 2, 3, 4, 5, 6 };
        Console.WriteLine(CountSegment(new ArraySegment<int>(arr, 2, 3)));

        Mine<int, double> mi;
        mi.First = 4;
        mi.Second = 0.5;
        Console.WriteLine(MineSum(mi, Wrap("abc", 1000)));

        var hs = new Holder[3];
        for (int i = 0; i < hs.Length; i++)
        {
            hs[i].Entry = MakePair("h" + i, i);
            hs[i].Weight = i == 1 ? (double?)null : i * 1.5;
            hs[i].Tag = (byte)(i + 1);
        }
        Console.WriteLine(HolderSum(hs));
        Console.WriteLine(Boxes(3, null) + " | " + Boxes(null, 8));
        Console.WriteLine(CallsGeneric(2) + " " + CallsGeneric(3));
        return 100;
    }
}
