// Arrays of closed value-type generic instantiations: newarr of
// KeyValuePair<int,string>[], KeyValuePair<long,double>[], Nullable<int>[],
// Nullable<double>[], a struct instantiation of the program, and
// ldelem/stelem/ldelema on them (elements at the instantiation's size,
// references inside copied through the write barrier). The array's type
// handle spells the TypeSpec out, so the runtime checks the element type
// (covariant stores into object[], Array.Sort, type tests). Under
// DOTNET_GCgen0size=0x10000 the strings held only inside array elements
// survive the collections.
// kiln-expect-compiled: GenericArrays:MakePairs(
// kiln-expect-compiled: GenericArrays:SumPairs(
// kiln-expect-compiled: GenericArrays:Bump(
// kiln-expect-compiled: GenericArrays:MakeWide(
// kiln-expect-compiled: GenericArrays:MakeNullables(
// kiln-expect-compiled: GenericArrays:SumNullables(
// kiln-expect-compiled: GenericArrays:MakeNullDoubles(
// kiln-expect-compiled: GenericArrays:MakeBoxes(
// kiln-expect-compiled: GenericArrays:SumBoxes(
// kiln-expect-compiled: GenericArrays:Swap(
// kiln-expect-compiled: GenericArrays:Main(
using System;
using System.Collections.Generic;

struct Box2<T> { public T A; public T B; public Box2(T a, T b) { A = a; B = b; } }

static class GenericArrays
{
    static int failures;

    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static KeyValuePair<int, string>[] MakePairs(int n)
    {
        var a = new KeyValuePair<int, string>[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = new KeyValuePair<int, string>(i, "v" + i);
            if (i % 64 == 0) GC.Collect();
        }
        return a;
    }

    static long SumPairs(KeyValuePair<int, string>[] a)
    {
        long s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            KeyValuePair<int, string> p = a[i];
            s += p.Key + p.Value.Length;
        }
        return s;
    }

    static void Bump(Box2<int>[] a, int i)
    {
        // ldelema: in place.
        a[i].A += 10;
        a[i].B *= 2;
    }

    static KeyValuePair<long, double>[] MakeWide(int n)
    {
        var a = new KeyValuePair<long, double>[n];
        for (int i = 0; i < n; i++) a[i] = new KeyValuePair<long, double>(1L << (i % 40), i * 0.5);
        return a;
    }

    static int?[] MakeNullables(int n)
    {
        var a = new int?[n];
        for (int i = 0; i < n; i++) if (i % 3 != 0) a[i] = i;
        return a;
    }

    static long SumNullables(int?[] a)
    {
        long s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int? v = a[i];
            if (v.HasValue) s += v.Value; else s -= 1;
        }
        return s;
    }

    static double?[] MakeNullDoubles(int n)
    {
        var a = new double?[n];
        for (int i = 0; i < n; i += 2) a[i] = i / 4.0;
        return a;
    }

    static Box2<string>[] MakeBoxes(int n)
    {
        var a = new Box2<string>[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = new Box2<string>(i.ToString(), new string('x', i % 7));
            if (i % 50 == 0) GC.Collect();
        }
        return a;
    }

    static int SumBoxes(Box2<string>[] a)
    {
        int s = 0;
        foreach (Box2<string> b in a) s += b.A.Length + b.B.Length;
        return s;
    }

    static void Swap(KeyValuePair<int, string>[] a, int i, int j)
    {
        KeyValuePair<int, string> t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    static int Main()
    {
        var pairs = MakePairs(500);
        GC.Collect();
        long sp = SumPairs(pairs);
        Console.WriteLine(sp);
        Swap(pairs, 0, 499);
        Check(pairs[0].Key == 499 && pairs[499].Value == "v0", "swap");
        Check(pairs.GetType() == typeof(KeyValuePair<int, string>[]), "array type");
        object o = pairs;
        Check(o is KeyValuePair<int, string>[] && !(o is KeyValuePair<int, object>[]), "type test");

        var boxes = new Box2<int>[4];
        boxes[2] = new Box2<int>(1, 2);
        Bump(boxes, 2);
        Bump(boxes, 3);
        Check(boxes[2].A == 11 && boxes[2].B == 4 && boxes[3].A == 10 && boxes[3].B == 0, "ldelema");
        try { Bump(boxes, 4); Check(false, "no exception"); }
        catch (IndexOutOfRangeException) { Console.WriteLine("index out of range"); }
        try { SumPairs(null); Check(false, "no exception"); }
        catch (NullReferenceException) { Console.WriteLine("null array"); }

        var wide = MakeWide(100);
        double w = 0;
        foreach (var kv in wide) w += kv.Key % 1000 + kv.Value;
        Console.WriteLine(w);

        var ns = MakeNullables(100);
        Console.WriteLine(SumNullables(ns));
        Check(ns[0] == null && ns[1] == 1, "nullable elements");
        var nd = MakeNullDoubles(10);
        Console.WriteLine(nd[4].Value + " " + (nd[3] == null));

        var sboxes = MakeBoxes(300);
        GC.Collect();
        Console.WriteLine(SumBoxes(sboxes));
        Array.Sort(pairs, (x, y) => y.Key.CompareTo(x.Key));
        Console.WriteLine(pairs[0].Key + " " + pairs[499].Key);

        if (failures == 0) Console.WriteLine("valuetypes_generic_arrays ok");
        return failures == 0 ? 100 : 1;
    }
}
