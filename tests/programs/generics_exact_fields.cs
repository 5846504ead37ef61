// Exact (unshared) instantiations over primitives whose fields are value
// types built from the type parameters: Boxy<int>.P is a Pt<int>, whose
// layout the code takes from the instantiation and has the runtime confirm
// (a Check_TypeLayout fixup naming Pt<int> exactly); reads, writes, copies
// of the whole struct field and of KeyValuePair<T,int> fields, values
// checked against each other and after garbage collections. Shelf<Money>,
// over a struct of the program, lays its fields out itself: the layout is
// fixed in the version bubble (no check needed).
// kiln-expect-compiled: Program:Main(
// kiln-expect-compiled: Boxy`1[int]:Sum()
// kiln-expect-compiled: Boxy`1[int]:Set(int,int)
// kiln-expect-compiled: Boxy`1[int]:Copy()
// kiln-expect-compiled: Boxy`1[double]:Set(double,double)
// kiln-expect-compiled: Boxy`1[long]:Tagged()
// kiln-expect-compiled: Shelf`1[Money]:Get(int)
// kiln-expect-compiled: Shelf`1[Money]:Size()
// kiln-expect-compiled: Shelf`1[Money]:SetAt(int,Money)
// kiln-expect-compiled: Shelf`1[Money]:.ctor()
// kiln-expect-compiled: Shelf`1[Money]:Add(Money)
// kiln-expect-compiled: Shelf`1[long]:SetAt(int,long)
// kiln-expect-compiled: Grid`1[int]:Put(int,int,int)
// kiln-expect-compiled: Grid`1[int]:Count(int)
// kiln-expect-compiled: Pt`1[int]:Bump()
// kiln-expect-compiled: Pt`1[int]:First()
// kiln-expect-compiled: Pt`1[int]:Swapped()
// kiln-expect-compiled: Pt`1[int]:Of(int,int)
// kiln-expect-compiled: Pt`1[long]:First()
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

struct Pt<T>
{
    public T X;
    public T Y;
    public int Tag;

    // Exact code of a generic value type: `this` is a managed pointer to
    // the unboxed Pt<int>, no generic context.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Bump() { Tag++; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public T First() { return X; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public Pt<T> Swapped()
    {
        Pt<T> r;
        r.X = Y;
        r.Y = X;
        r.Tag = Tag + 1;
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Pt<T> Of(T x, T y)
    {
        Pt<T> r = new Pt<T>();
        r.X = x;
        r.Y = y;
        r.Bump();
        return r;
    }
}

class Boxy<T>
{
    public Pt<T> P;
    public KeyValuePair<T, int> Pair;
    public string Name = "boxy";

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Set(T x, T y)
    {
        P.X = x;
        P.Y = y;
        P.Tag++;
        Pair = new KeyValuePair<T, int>(y, P.Tag);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Sum()
    {
        return P.X + "+" + P.Y + "#" + P.Tag;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public Pt<T> Copy()
    {
        Pt<T> c = P;
        c.Tag += 100;
        GC.Collect();
        return c;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Tagged()
    {
        return Pair.Key + "@" + Pair.Value + ":" + Name;
    }
}

// A struct of the program: instantiations over it have their layout fixed
// in the program's version bubble.
struct Money
{
    public long Cents;
    public int Currency;
    public string Note;

    public Money(long c, int cur, string note)
    {
        Cents = c;
        Currency = cur;
        Note = note;
    }
}

class Shelf<T>
{
    public T[] Items = new T[2];
    public int Count;
    public string Label = "shelf";
    public T Last;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Add(T v)
    {
        if (Count == Items.Length)
        {
            T[] bigger = new T[Count * 2];
            Array.Copy(Items, bigger, Count);
            Items = bigger;
        }
        Items[Count] = v;
        Count++;
        Last = v;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Get(int i) { return Items[i]; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Size() { return Count + Label.Length * 1000; }

    // ldelema of T (and of Pt<T>, List<T>) in exact code.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void SetAt(int i, T v)
    {
        ref T slot = ref Items[i];
        slot = v;
    }
}

class Grid<T>
{
    public Pt<T>[] Cells = new Pt<T>[4];
    public List<T>[] Lists = new List<T>[2];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Put(int i, T x, T y)
    {
        ref Pt<T> c = ref Cells[i];
        c.X = x;
        c.Y = y;
        c.Tag = i;
        ref List<T> l = ref Lists[i % 2];
        if (l == null) l = new List<T>();
        l.Add(x);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Count(int i) { return Lists[i].Count * 10 + Cells[i].Tag; }
}

class Program
{
    static int failures;

    static void Check(bool ok, string what)
    {
        if (!ok)
        {
            failures++;
            Console.WriteLine("FAIL " + what);
        }
    }

    static int Main()
    {
        Boxy<int> b = new Boxy<int>();
        b.Set(3, 4);
        b.Set(5, 6);
        Check(b.P.X == 5 && b.P.Y == 6 && b.P.Tag == 2, "Set int");
        Console.WriteLine(b.Sum());
        Pt<int> c = b.Copy();
        Check(c.X == 5 && c.Tag == 102 && b.P.Tag == 2, "Copy int");
        Check(b.Pair.Key == 6 && b.Pair.Value == 2, "Pair int");

        Boxy<double> d = new Boxy<double>();
        d.Set(1.5, -2.25);
        Console.WriteLine(d.Sum());
        Check(d.P.Y == -2.25, "Set double");

        Boxy<long> l = new Boxy<long>();
        l.Set(1L << 40, -7);
        GC.Collect();
        Console.WriteLine(l.Tagged());
        Check(l.Pair.Key == -7 && l.Pair.Value == 1, "Pair long");

        Pt<int> p = Pt<int>.Of(7, 9);
        p.Bump();
        Pt<int> q = p.Swapped();
        Check(p.Tag == 2 && q.X == 9 && q.Y == 7 && q.Tag == 3 && q.First() == 9, "Pt<int>");
        Pt<long> pl = Pt<long>.Of(1L << 40, -1);
        Check(pl.Swapped().First() == -1 && pl.First() == 1L << 40, "Pt<long>");
        b.P.Bump();
        Check(b.P.Tag == 3, "Pt<int> in a field");

        Shelf<Money> shelf = new Shelf<Money>();
        for (int i = 0; i < 9; i++)
        {
            shelf.Add(new Money(i * 100 + 1, i, "n" + i));
            GC.Collect();
        }
        Money m5 = shelf.Get(5);
        Check(m5.Cents == 501 && m5.Currency == 5 && m5.Note == "n5", "Shelf.Get");
        Check(shelf.Last.Note == "n8" && shelf.Size() == 5009, "Shelf.Last/Size");
        Console.WriteLine(shelf.Get(8).Note + " " + shelf.Items.Length);

        shelf.SetAt(2, new Money(7, 7, "seven"));
        Check(shelf.Get(2).Note == "seven" && shelf.Get(2).Cents == 7, "SetAt Money");
        Shelf<long> longs = new Shelf<long>();
        longs.Add(5);
        longs.SetAt(0, 1L << 50);
        Check(longs.Get(0) == 1L << 50, "SetAt long");

        Grid<int> g = new Grid<int>();
        g.Put(1, 10, 20);
        g.Put(3, 30, 40);
        GC.Collect();
        Check(g.Cells[1].Y == 20 && g.Cells[3].X == 30 && g.Count(1) == 21, "Grid");
        Console.WriteLine(g.Count(1) + " " + g.Lists[1].Count);

        for (int i = 0; i < 1000; i++)
        {
            b.Set(i, i * 2);
            if (i % 250 == 0) GC.Collect();
        }
        Check(b.P.Y == 1998 && b.P.Tag == 1003, "churn");
        Console.WriteLine(failures == 0 ? "ok" : "failures: " + failures);
        return failures == 0 ? 100 : 1;
    }
}
