// Shared (canonical, __Canon) code of generic classes defined in the
// program, instantiated over reference types: the methods that need no
// generic-dictionary lookup (fields of T, fields of the canonical
// instantiation, calls to non-generic methods, to other instance methods of
// the canonical type or of List<T>, virtual calls on Shape<T>) run
// precompiled, and so does Main, allocating exact instantiations; the same
// classes over int and double use exact code the runtime JIT-compiles.
// NoInlining keeps the JIT from inlining them into a JIT-compiled caller,
// so the JIT log shows which ran precompiled.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

class Cell<T>
{
    public T Value;
    public Cell<T> Next;
    public int Count;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Cell(T v, Cell<T> next)
    {
        Value = v;
        Next = next;
        Count = next == null ? 1 : next.Count + 1;
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Get() { return Value; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Set(T v) { Value = v; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool IsLast() { return Next == null; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Length()
    {
        int n = 0;
        Cell<T> c = this;
        while (c != null) { n++; c = c.Next; }
        return n;
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Nth(int i)
    {
        Cell<T> c = this;
        while (i > 0) { c = c.Next; i--; }
        return c.Value;
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Cell<T> Push(T v) { return new Cell<T>(v, this); }
}

class Pair<A, B>
{
    public A First;
    public B Second;
    public int Tag;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Pair(A a, B b, int tag) { First = a; Second = b; Tag = tag; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public A GetFirst() { return First; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public B GetSecond() { return Second; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Score(int k) { return Tag * k + 1; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void SwapInto(Pair<B, A> other) { other.First = Second; other.Second = First; other.Tag = Tag + 1; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Describe() { return Describer.Show(First, Second, Tag); }
}

static class Describer
{
    public static string Show(object a, object b, int tag) { return "(" + a + ", " + b + ")#" + tag; }
}

class Holder<T>
{
    T item;
    long stamp;
    double weight;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Holder(T item, long stamp, double weight) { this.item = item; this.stamp = stamp; this.weight = weight; }
    public T Item { get { return item; } set { item = value; stamp++; } }
    public long Stamp { get { return stamp; } }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Weigh(double f) { return weight * f + stamp; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public object Boxed() { return item; }
}

class Bag<T>
{
    List<T> items;
    int adds;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Bag(List<T> store) { items = store; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Add(T x) { items.Add(x); Bump(); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Bump() { adds++; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Size() { return items.Count + adds * 100; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T At(int i) { return items[i]; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Last() { return At(items.Count - 1); }
}

abstract class Shape<T>
{
    public T Tag;
    public abstract int Sides();
    [MethodImpl(MethodImplOptions.NoInlining)]
    public virtual string Name() { return "shape"; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Describe() { return Name() + Sides() + ":" + Tag; }
}

class Tri<T> : Shape<T>
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Tri(T tag) { Tag = tag; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override int Sides() { return 3; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override string Name() { return "tri"; }
}

class Quad<T> : Shape<T>
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Quad(T tag) { Tag = tag; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override int Sides() { return 4; }
}

class Ring<T>
{
    T[] items;
    int head;
    int count;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Ring(T[] storage) { items = storage; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Push(T x)
    {
        items[(head + count) % items.Length] = x;
        if (count < items.Length) count++; else head = (head + 1) % items.Length;
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T At(int i) { return items[(head + i) % items.Length]; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool Has(int i) { return At(i) != null; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Count() { return count; }
}

// Layouts that depend on the framework (a Guid field, a framework base
// class): the runtime confirms the offsets (Check_FieldOffset on the
// canonical owner).
class Stamped<T>
{
    public T Item;
    public Guid Id;
    public int N;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Stamped(T item, int n) { Item = item; N = n; Id = Guid.Empty; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Get() { return Item; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Bump(int by) { N += by; return N; }
}

class Rng<T> : Random
{
    public T Tag;
    public int Count;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Rng(T tag) : base(5) { Tag = tag; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Step() { Count++; return Count; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T GetTag() { return Tag; }
}

class Node { public string Name; public Node(string n) { Name = n; } public override string ToString() { return "Node:" + Name; } }

class GenericsShared
{
    // Values of double (boxed for Console output) stay out of Main.
    static void Exact(int which)
    {
        if (which == 1)
        {
            Pair<int, double> pd = new Pair<int, double>(4, 2.5, 9);
            Console.WriteLine(pd.GetFirst() + pd.GetSecond() + " " + pd.Score(2) + " " + pd.Describe());
        }
        else
        {
            Holder<double> hd = new Holder<double>(1.25, 2, 3.0);
            Console.WriteLine(hd.Item + " " + hd.Weigh(2.0) + " " + hd.Boxed());
        }
    }

    static void Weights(double w) { Console.WriteLine(w); }

    static int Covariant()
    {
        Ring<object> oring = new Ring<object>(new string[2]);
        try { oring.Push(new Node("bad")); return 1; }
        catch (ArrayTypeMismatchException) { Console.WriteLine("covariant store refused"); }
        return 0;
    }

    static int Main()
    {
        int fails = 0;
        Cell<string> s = new Cell<string>("a", null);
        s = new Cell<string>("b", s);
        s = new Cell<string>("c", s);
        Console.WriteLine(s.Get() + s.Nth(1) + s.Nth(2) + " " + s.Length() + " " + s.Count + " " + s.IsLast());
        s.Set("z");
        if (s.Get() != "z") fails++;
        Cell<Node> n = new Cell<Node>(new Node("x"), null).Push(new Node("y"));
        Console.WriteLine(n.Get() + " " + n.Nth(1).Name + " " + n.Length());
        Cell<int> i = new Cell<int>(7, null).Push(8);
        Console.WriteLine(i.Get() + i.Nth(1) + " " + i.Length());

        Pair<string, Node> p = new Pair<string, Node>("k", new Node("v"), 3);
        Pair<Node, string> q = new Pair<Node, string>(null, null, 0);
        p.SwapInto(q);
        Console.WriteLine(p.GetFirst() + " " + p.GetSecond() + " " + p.Score(5) + " " + q.GetFirst() + " " + q.GetSecond() + " " + q.Tag);
        Console.WriteLine(p.Describe() + " " + q.Describe());
        Exact(1);

        Holder<string> h = new Holder<string>("one", 10, 0.5);
        h.Item = "two";
        h.Item = "three";
        Console.WriteLine(h.Item + " " + h.Stamp + " " + h.Boxed());
        Weights(h.Weigh(4.0));
        Holder<object> ho = new Holder<object>(n, 1, 2.0);
        Console.WriteLine(ho.Item);
        Weights(ho.Weigh(1.5));
        Exact(2);

        Bag<string> bag = new Bag<string>(new List<string>());
        bag.Add("p");
        bag.Add("q");
        Console.WriteLine(bag.Size() + " " + bag.At(0) + bag.Last());
        Bag<int> ibag = new Bag<int>(new List<int>());
        ibag.Add(5);
        Console.WriteLine(ibag.Size() + " " + ibag.Last());
        Shape<string> t = new Tri<string>("x");
        Shape<Node> qd = new Quad<Node>(new Node("q"));
        Shape<int> ti = new Tri<int>(9);
        Console.WriteLine(t.Describe() + " " + qd.Describe() + " " + ti.Describe());
        Ring<string> ring = new Ring<string>(new string[3]);
        for (int k = 0; k < 5; k++) ring.Push(k == 3 ? null : "r" + k);
        Console.WriteLine(ring.At(0) + ring.At(1) + ring.At(2) + " " + ring.Has(0) + ring.Has(1) + " " + ring.Count());
        fails += Covariant();
        Ring<int> iring = new Ring<int>(new int[2]);
        iring.Push(4); iring.Push(6); iring.Push(8);
        Console.WriteLine(iring.At(0) + iring.At(1) + " " + iring.Has(0));

        Stamped<string> st = new Stamped<string>("st", 3);
        Console.WriteLine(st.Get() + " " + st.Bump(4) + " " + st.Bump(1));
        Stamped<int> sti = new Stamped<int>(11, 1);
        Console.WriteLine(sti.Get() + sti.Bump(2));
        Rng<Node> rng = new Rng<Node>(new Node("rng"));
        rng.Step();
        Console.WriteLine(rng.GetTag() + " " + rng.Step());
        // Allocation churn while shared code holds references.
        Cell<string> chain = null;
        for (int k = 0; k < 2000; k++)
        {
            chain = new Cell<string>("s" + k, chain);
            if (chain.Length() != k + 1) fails++;
            if (k % 100 == 0) GC.Collect();
        }
        Console.WriteLine(chain.Nth(1999) + " " + chain.Get() + " " + chain.Count);
        return fails == 0 ? 100 : fails;
    }
}
