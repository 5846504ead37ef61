// Shared (__Canon) code that needs its generic dictionary: newobj of
// instantiations over T, newarr T[] / T[][], castclass / isinst /
// unbox.any T, typeof(T) and typeof(List<T>) — in instance methods (context:
// this), static methods of generic classes (the hidden MethodTable) and
// generic methods (the hidden MethodDesc). Several instantiations run the
// same shared code, two lookups in one method must resolve differently
// (Pair<T,string> vs Pair<string,T>), and methods of different generic
// contexts whose lookups have the same signature bytes (Wrap<T>.MakeArray /
// Other<T>.MakeArray, Gen.One / Gen.Two) must not share a cell.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

// kiln-expect-compiled: Program:Main(
// kiln-expect-compiled: Pair`2[System.__Canon,System.__Canon]:ToString(
// kiln-expect-compiled: Wrap`1[System.__Canon]:WithName(
// kiln-expect-compiled: Wrap`1[System.__Canon]:NameFirst(
// kiln-expect-compiled: Wrap`1[System.__Canon]:Listed(
// kiln-expect-compiled: Wrap`1[System.__Canon]:Array(
// kiln-expect-compiled: Wrap`1[System.__Canon]:Jagged(
// kiln-expect-compiled: Wrap`1[System.__Canon]:Is(
// kiln-expect-compiled: Wrap`1[System.__Canon]:As(
// kiln-expect-compiled: Wrap`1[System.__Canon]:Cast(
// kiln-expect-compiled: Wrap`1[System.__Canon]:IsList(
// kiln-expect-compiled: Wrap`1[System.__Canon]:Names(
// kiln-expect-compiled: Wrap`1[System.__Canon]:Make(
// kiln-expect-compiled: Wrap`1[System.__Canon]:MakeArray(
// kiln-expect-compiled: Wrap`1[System.__Canon]:StaticNames(
// kiln-expect-compiled: Other`1[System.__Canon]:MakeArray(
// kiln-expect-compiled: Other`1[System.__Canon]:StaticNames(
// kiln-expect-compiled: Gen:One[System.__Canon](
// kiln-expect-compiled: Gen:Two[System.__Canon](
// kiln-expect-compiled: Gen:Names[System.__Canon,System.__Canon](
// kiln-expect-compiled: Gen:Convert[System.__Canon,System.__Canon](

class Node
{
    public string Name;
    public Node(string n) { Name = n; }
    public override string ToString() { return "Node:" + Name; }
}

class Leaf : Node
{
    public Leaf(string n) : base(n) { }
    public override string ToString() { return "Leaf:" + Name; }
}

class Pair<A, B>
{
    public A First;
    public B Second;
    public Pair(A a, B b) { First = a; Second = b; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override string ToString() { return typeof(A).Name + "+" + typeof(B).Name + "(" + First + "," + Second + ")"; }
}

class Wrap<T> where T : class
{
    public T Item;
    public Wrap(T item) { Item = item; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Pair<T, string> WithName(string s) { return new Pair<T, string>(Item, s); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Pair<string, T> NameFirst(string s) { return new Pair<string, T>(s, Item); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public List<T> Listed(int n)
    {
        List<T> l = new List<T>();
        for (int i = 0; i < n; i++) l.Add(Item);
        return l;
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T[] Array(int n)
    {
        T[] a = new T[n];
        for (int i = 0; i < n; i++) a[i] = Item;
        return a;
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T[][] Jagged(int n) { return new T[n][]; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool Is(object o) { return o is T; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T As(object o) { return o as T; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Cast(object o) { return (T)o; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool IsList(object o) { return o is List<T>; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Names() { return typeof(T).Name + "/" + typeof(List<T>).Name + "/" + typeof(T[]).Name; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Wrap<T> Make(T item) { return new Wrap<T>(item); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T[] MakeArray(int n) { return new T[n]; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string StaticNames() { return typeof(T).Name + "," + typeof(Pair<T, T>).Name; }
}

class Other<T>
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T[] MakeArray(int n) { return new T[n + 1]; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string StaticNames() { return typeof(T).Name + ";" + typeof(Pair<T, T>).Name; }
}

static class Gen
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static List<T> One<T>(T x) { List<T> l = new List<T>(); l.Add(x); return l; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static List<T> Two<T>(T x, T y) { List<T> l = new List<T>(); l.Add(x); l.Add(y); return l; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Names<T, U>() { return typeof(T).Name + "|" + typeof(U).Name + "|" + typeof(Pair<U, T>).Name; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static U[] Convert<T, U>(T[] xs) where U : class
    {
        U[] r = new U[xs.Length];
        for (int i = 0; i < xs.Length; i++) r[i] = xs[i] as U;
        return r;
    }
}

class Program
{
    static string Show<T>(T[] a)
    {
        string s = a.GetType().Name + "[" + a.Length + "]";
        foreach (T x in a) s += " " + (x == null ? "null" : x.ToString());
        return s;
    }

    static int Main()
    {
        Node a = new Node("a");
        Leaf b = new Leaf("b");
        Wrap<Node> wn = new Wrap<Node>(a);
        Wrap<string> ws = new Wrap<string>("s");
        Wrap<Leaf> wl = new Wrap<Leaf>(b);
        Wrap<object> wo = new Wrap<object>(a);
        Console.WriteLine(wn.WithName("x"));
        Console.WriteLine(wn.NameFirst("y"));
        Console.WriteLine(ws.WithName("x"));
        Console.WriteLine(ws.NameFirst("y"));
        Console.WriteLine(wl.WithName("z"));
        Console.WriteLine(wo.NameFirst("w"));
        Console.WriteLine(wn.Listed(2).Count + " " + wn.Listed(3).GetType().Name + " " + ws.Listed(1)[0]);
        Console.WriteLine(Show(wn.Array(2)));
        Console.WriteLine(Show(ws.Array(3)));
        Console.WriteLine(Show(wl.Array(1)));
        Console.WriteLine(wn.Jagged(2).GetType() + " " + ws.Jagged(3).GetType() + " " + ws.Jagged(3).Length);
        Console.WriteLine(wn.Is(b) + " " + wn.Is("s") + " " + wl.Is(a) + " " + wl.Is(b) + " " + ws.Is("s") + " " + wo.Is(3));
        Console.WriteLine((wn.As(b) == null) + " " + (wl.As(a) == null) + " " + ws.As("q"));
        Console.WriteLine(wn.Cast(b) + " " + ws.Cast("c") + " " + (wn.Cast(null) == null));
        try
        {
            Console.WriteLine(wl.Cast(a));
        }
        catch (InvalidCastException)
        {
            Console.WriteLine("InvalidCastException");
        }
        Console.WriteLine(wn.IsList(new List<Node>()) + " " + wn.IsList(new List<string>()) + " " + ws.IsList(new List<string>()));
        Console.WriteLine(wn.Names() + " " + ws.Names() + " " + wl.Names());
        Console.WriteLine(Wrap<Node>.Make(b).Item + " " + Wrap<string>.Make("m").Item + " " + Wrap<Leaf>.Make(b).GetType().Name);
        Console.WriteLine(Show(Wrap<Node>.MakeArray(2)) + " " + Show(Wrap<string>.MakeArray(1)));
        Console.WriteLine(Show(Other<Node>.MakeArray(2)) + " " + Show(Other<string>.MakeArray(1)));
        Console.WriteLine(Show(Wrap<string>.MakeArray(3)) + " " + Show(Other<Leaf>.MakeArray(0)));
        Console.WriteLine(Wrap<Node>.StaticNames() + " " + Other<string>.StaticNames() + " " + Wrap<string>.StaticNames() + " " + Other<Node>.StaticNames());
        Console.WriteLine(Gen.One<string>("one").GetType().Name + " " + Gen.One<Node>(a)[0] + " " + Gen.Two<Node>(a, b)[1] + " " + Gen.Two<string>("p", "q").Count);
        Console.WriteLine(Gen.Names<string, Node>() + " " + Gen.Names<Node, string>() + " " + Gen.Names<Leaf, Leaf>());
        object[] objs = { a, b, "s", null };
        Console.WriteLine(Show(Gen.Convert<object, Node>(objs)) + " " + Show(Gen.Convert<object, string>(objs)) + " " + Show(Gen.Convert<Node, Leaf>(new Node[] { a, b })));
        // A collection pass between uses: references held across the lookups.
        int total = 0;
        for (int i = 0; i < 300; i++)
        {
            Wrap<Node> w = Wrap<Node>.Make(new Node("g" + i));
            Pair<Node, string> p = w.WithName("n" + i);
            total += p.Second.Length + w.Listed(2).Count + w.Array(3).Length;
            if (i == 299) Console.WriteLine(p + " " + w.NameFirst("last"));
            GC.KeepAlive(new byte[1000]);
        }
        Console.WriteLine(total);
        return 100;
    }
}
