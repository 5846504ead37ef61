// Shared (__Canon) code calling shared code that takes a generic context:
// generic methods instantiated over the caller's type parameters get the
// exact MethodDesc (a MethodHandle lookup in the caller's dictionary),
// static methods of generic classes over them the exact MethodTable (a
// TypeHandle lookup) — from instance methods (context: this), static
// methods of generic classes and generic methods, several lookups per
// method, nested two levels deep, each shared method run for several
// instantiations.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

// kiln-expect-compiled: Program:Main(
// kiln-expect-compiled: Util:Single[System.__Canon](
// kiln-expect-compiled: Util:Name[System.__Canon](
// kiln-expect-compiled: Util:Nest[System.__Canon](
// kiln-expect-compiled: Util:Both[System.__Canon,System.__Canon](
// kiln-expect-compiled: Util:Outer[System.__Canon](
// kiln-expect-compiled: Util:Count[System.__Canon](
// kiln-expect-compiled: Box`1[System.__Canon]:Of(
// kiln-expect-compiled: Box`1[System.__Canon]:Kind(
// kiln-expect-compiled: Box`1[System.__Canon]:Describe(
// kiln-expect-compiled: Box`1[System.__Canon]:Wrapped(
// kiln-expect-compiled: Box`1[System.__Canon]:Counted(
// kiln-expect-compiled: Box`1[System.__Canon]:TryCast(
// kiln-expect-compiled: Box`1[System.__Canon]:ShowWith(
// kiln-expect-compiled: Box`1[System.__Canon]:Same(
// kiln-expect-compiled: Box`1[System.__Canon]:CountAll(
// kiln-expect-compiled: Box`1[System.__Canon]:CountStatic(
// kiln-expect-compiled: Box`1[System.__Canon]:InHandler(
// kiln-expect-compiled: Box`1[System.__Canon]:InHandlerStatic(
// kiln-expect-compiled: Helper`1[System.__Canon]:Tag(

class Node
{
    public string Name;
    public Node(string n) { Name = n; }
    public override string ToString() { return "Node:" + Name; }
}

class Pair<A, B> { }

interface IShow<T>
{
    string Show(T x);
}

// One object, two implementations of the interface: dispatch must follow the
// exact interface instantiation.
class Multi : IShow<string>, IShow<Node>
{
    public string Show(string x) { return "str(" + x + ")"; }
    string IShow<Node>.Show(Node n) { return "node(" + n.Name + ")"; }
}

static class Util
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static List<T> Single<T>(T x) { List<T> l = new List<T>(); l.Add(x); return l; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Name<T>() { return typeof(T).ToString(); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static List<List<T>> Nest<T>(T x) { return Single<List<T>>(Single<T>(x)); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Both<T, U>() { return Name<T>() + "," + Name<U>() + "," + Name<Pair<U, T>>(); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Outer<T>() { return Both<T, string>() + ";" + Both<string, T>() + ";" + Both<T, T>(); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Count<T>(T x, int n)
    {
        int total = 0;
        for (int i = 0; i < n; i++) total += Single<T>(x).Count + Nest<T>(x)[0].Count;
        return total;
    }
}

class Helper<T>
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Tag() { return "H" + typeof(T).ToString(); }
}

class Box<T>
{
    public T Item;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Box<T> Of(T x) { Box<T> b = new Box<T>(); b.Item = x; return b; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Kind() { return "Box<" + Util.Name<T>() + "," + Helper<T>.Tag() + ">"; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Describe() { return Kind() + ":" + Util.Name<List<T>>() + ":" + Helper<T[]>.Tag() + ":" + Item; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Box<List<T>> Wrapped() { return Box<List<T>>.Of(Util.Single<T>(Item)); }
    // A lookup inside a protected region (compiled), and one inside a catch
    // handler, a funclet without the generic context (left to the JIT).
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T TryCast(object o)
    {
        try { return (T)o; }
        catch (InvalidCastException) { return default(T); }
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Guarded(object o)
    {
        try { return ((T)o).ToString(); }
        catch (InvalidCastException) { return "not " + typeof(T).ToString(); }
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string ShowWith(IShow<T> s) { return s.Show(Item); }
    // foreach: the IEnumerable<T>/IEnumerator<T> dispatch cells are looked
    // up inside the try of the finally that disposes the enumerator, with
    // the context read from its frame slot (this, or the hidden argument).
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int CountAll(IEnumerable<T> xs)
    {
        int n = 0;
        foreach (T x in xs) if (x != null) n++;
        return n;
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int CountStatic(IEnumerable<T> xs)
    {
        int n = 0;
        foreach (T x in xs) if (x != null) n += 2;
        return n;
    }
    // A lookup inside a catch handler (a funclet).
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string InHandler(object o)
    {
        try { return (string)o; }
        catch (InvalidCastException) { return "handler " + typeof(List<T>).ToString(); }
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string InHandlerStatic(object o)
    {
        try { return (string)o; }
        catch (InvalidCastException) { return "static handler " + typeof(T[]).ToString() + " " + Util.Name<T>(); }
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool Same(T other) { return EqualityComparer<T>.Default.Equals(Item, other); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Counted(int n) { return Util.Count<T>(Item, n) + Util.Count<Box<T>>(this, 1); }
}

class Program
{
    static int Main()
    {
        Node a = new Node("a");
        Console.WriteLine(Util.Single<string>("s")[0] + " " + Util.Single<Node>(a)[0]);
        Console.WriteLine(Util.Nest<string>("x")[0][0] + " " + Util.Nest<Node>(a).GetType().Name + " " + Util.Nest<Node>(a)[0].GetType().Name);
        Console.WriteLine(Util.Both<string, Node>() + " " + Util.Both<Node, object>());
        Console.WriteLine(Util.Outer<Node>());
        Console.WriteLine(Util.Outer<string>());
        Console.WriteLine(Util.Outer<Pair<Node, string>>());
        Console.WriteLine(Box<string>.Kind() + " " + Box<Node>.Kind() + " " + Box<object>.Kind());
        Box<Node> bn = Box<Node>.Of(a);
        Box<string> bs = Box<string>.Of("t");
        Console.WriteLine(bn.Describe());
        Console.WriteLine(bs.Describe());
        Console.WriteLine(bn.Wrapped().Describe());
        Console.WriteLine(bs.Wrapped().Wrapped().Describe());
        Console.WriteLine(bn.Counted(3) + " " + bs.Counted(2));
        Console.WriteLine(bn.TryCast(a) + " " + (bn.TryCast("x") == null) + " " + bs.TryCast("y"));
        Console.WriteLine(bn.Guarded(a) + " " + bn.Guarded("x") + " " + bs.Guarded(a));
        Multi multi = new Multi();
        Console.WriteLine(bn.ShowWith(multi) + " " + bs.ShowWith(multi) + " " + Box<string>.Of("u").ShowWith(multi));
        Console.WriteLine(bn.CountAll(new Node[] { a, null, a }) + " " + bs.CountAll(new List<string> { "p", "q" }) + " " + Box<object>.Of(a).CountAll(new HashSet<object> { a, "x", 3 }));
        Console.WriteLine(Box<Node>.CountStatic(new Node[] { a, null }) + " " + Box<string>.CountStatic(new List<string> { "p" }));
        Console.WriteLine(bn.InHandler("ok") + " " + bn.InHandler(a) + " " + bs.InHandler(3) + " " + Box<Node>.InHandlerStatic(a) + " " + Box<string>.InHandlerStatic(1));
        Console.WriteLine(bn.Same(a) + " " + bn.Same(new Node("a")) + " " + bs.Same("t") + " " + bs.Same("T"));
        int total = 0;
        for (int i = 0; i < 300; i++)
        {
            Box<Node> b = Box<Node>.Of(new Node("g" + i));
            total += b.Counted(1) + b.Wrapped().Item.Count + Util.Nest<Node>(b.Item)[0].Count;
            total += b.CountAll(b.Wrapped().Item) + b.ShowWith(multi).Length + Box<Node>.CountStatic(b.Wrapped().Item) + b.InHandler(b).Length;
            if (i == 299) Console.WriteLine(b.Wrapped().Describe());
            GC.KeepAlive(new byte[1000]);
        }
        Console.WriteLine(total);
        return 100;
    }
}
