// Virtual and interface calls kiln compiles through virtual-stub-dispatch
// cells: overrides picked by the runtime type, base calls (non-virtual
// `call` of a virtual method), overrides of System.Object's virtuals called
// through object, interface methods on several classes, and a virtual call
// on null (NullReferenceException). Integer/string output; runs under GC
// stress too.
using System;

interface INamed
{
    string Name();
    int Weight(int scale);
}

abstract class Shape : INamed
{
    public int Id;
    protected Shape(int id) { Id = id; }
    public abstract long Area();
    public virtual int Sides() { return 0; }
    public virtual string Name() { return "shape"; }
    public int Weight(int scale) { return (int)(Area() % 1000) * scale + Sides(); }
    public override string ToString() { return Name(); }
    public override int GetHashCode() { return Id * 31; }
}

class Rect : Shape
{
    public int W, H;
    public Rect(int id, int w, int h) : base(id) { W = w; H = h; }
    public override long Area() { return (long)W * H; }
    public override int Sides() { return 4; }
    public override string Name() { return "rect"; }
}

sealed class Square : Rect
{
    public Square(int id, int s) : base(id, s, s) { }
    public override string Name() { return "square"; }
    public override int Sides() { return base.Sides() + 100; }
}

class Tri : Shape
{
    public int B, H;
    public Tri(int id, int b, int h) : base(id) { B = b; H = h; }
    public override long Area() { return (long)B * H / 2; }
    public override int Sides() { return 3; }
}

class Tag : INamed
{
    public string N;
    public Tag(string n) { N = n; }
    public string Name() { return N; }
    public int Weight(int scale) { return N.Length * scale; }
}

class Node
{
    public Shape S;
    public Node Next;
    public Node(Shape s, Node next) { S = s; Next = next; }
}

class Program
{
    static void Print(long v) { Console.WriteLine(v); }

    static long TotalArea(Node n)
    {
        long t = 0;
        while (n != null) { t += n.S.Area(); n = n.Next; }
        return t;
    }

    static int TotalWeight(INamed a, INamed b, INamed c, int scale)
    {
        return a.Weight(scale) + b.Weight(scale) + c.Weight(scale);
    }

    static string Describe(object o) { return o.ToString(); }

    static int Hash(object o) { return o.GetHashCode(); }

    static long Churn(int rounds)
    {
        long t = 0;
        Node list = null;
        for (int i = 0; i < rounds; i++)
        {
            Shape s;
            if (i % 3 == 0) s = new Rect(i, i % 7, 3);
            else if (i % 3 == 1) s = new Square(i, i % 5);
            else s = new Tri(i, i % 9, 4);
            list = new Node(s, list);
            if (i % 64 == 63) { t += TotalArea(list); list = null; }
        }
        return t + TotalArea(list);
    }

    static int Main()
    {
        Shape r = new Rect(1, 3, 4);
        Shape q = new Square(2, 5);
        Shape t = new Tri(3, 6, 5);
        Node list = new Node(r, new Node(q, new Node(t, null)));
        Print(TotalArea(list));
        Print(r.Sides());
        Print(q.Sides());
        Print(t.Sides());
        Console.WriteLine(r.Name());
        Console.WriteLine(q.Name());
        Console.WriteLine(t.Name());
        Console.WriteLine(Describe(q));
        Console.WriteLine(Describe(t));
        Print(Hash(t));
        Print(TotalWeight(r, q, new Tag("tag"), 10));
        Print(Churn(5000));
        Print(NullCall());
        return 100;
    }

    static long AreaOf(Shape s) { return s.Area(); }

    static string NameOf(INamed n) { return n.Name(); }

    // The null checks of precompiled AreaOf/NameOf throw.
    static int NullCall()
    {
        int caught = 0;
        try { AreaOf(null); } catch (NullReferenceException) { caught++; }
        try { NameOf(null); } catch (NullReferenceException) { caught++; }
        return caught;
    }
}
