// Object-oriented code kiln compiles: classes allocated with `new`, fields
// of every width read and written (references through the GC write
// barrier, including old-to-young stores into a promoted object), instance
// methods and constructor chains, null checks (NullReferenceException from
// precompiled code), string literals and reference comparisons.
// Integer output; runs under GC stress too.
using System;

class Base
{
    public int Id;
    public Base(int id) { Id = id; }
    public int GetId() { return Id; }
}

class Node : Base
{
    public sbyte S8;
    public byte U8;
    public short S16;
    public char C16;
    public long L64;
    public bool Flag;
    public Node Next;
    public string Name;

    public Node(int id, Node next) : base(id) { Next = next; S8 = (sbyte)(-id); U8 = (byte)(id * 7); }

    public int Count()
    {
        int c = 0;
        Node n = this;
        while (n != null) { c++; n = n.Next; }
        return c;
    }

    public long Sum()
    {
        long s = 0;
        for (Node n = this; n != null; n = n.Next) s += n.Id + n.S8 + n.U8 + n.L64;
        return s;
    }

    public void Fill(int v)
    {
        S16 = (short)(v * 1000);
        C16 = (char)(v + 65);
        L64 = (long)v << 33;
        Flag = (v & 1) != 0;
    }

    public static Node Build(int n)
    {
        Node head = null;
        for (int i = 1; i <= n; i++) head = new Node(i, head);
        return head;
    }

    public static int ReadId(Node n) { return n.Id; }
    public static void SetNext(Node a, Node b) { a.Next = b; }
    public static int CallCount(Node n) { return n.Count(); }
}

class Holder
{
    public Node A;
    public Node B;
    public Node C;
    public int Stores;

    public void Put(Node n)
    {
        if ((Stores & 1) == 0) A = n; else B = n;
        C = n;
        Stores++;
    }
}

class Program
{
    static bool Same(object a, object b) { return a == b; }

    static string Pick(bool b) { return b ? "yes" : "no"; }

    // Old-to-young stores: `h` is promoted by full collections, the nodes
    // stored into it are fresh; without the write barrier's card marking the
    // next gen0 collection would free or move them behind the holder's back.
    static long Churn(Holder h, int rounds)
    {
        long check = 0;
        for (int i = 0; i < rounds; i++)
        {
            Node n = new Node(i, null);
            n.Fill(i);
            h.Put(n);
            Node junk = Node.Build(8);
            check += junk.Count();
            if (i % 500 == 0) GC.Collect();
            check += h.A.Id + (h.B == null ? -1 : h.B.Id) + h.C.L64 % 1000;
        }
        return check;
    }

    static void Print(long v) { Console.WriteLine(v); }

    static void Print(bool v) { Console.WriteLine(v); }

    static int Main()
    {
        Node list = Node.Build(20);
        Print(list.Count());
        Print(list.Sum());
        Print(Node.CallCount(list.Next));
        list.Fill(3);
        Print(list.S16);
        Print(list.C16);
        Print(list.L64);
        Print(list.Flag);
        list.Fill(4);
        Print(list.S16);
        Print(list.C16);
        Print(list.L64);
        Print(list.Flag);
        Print(list.S8);
        Print(list.U8);
        Print(list.GetId());
        Print(Same(list, list.Next));
        Print(Same(list, list));
        Print(Same(null, null));
        Console.WriteLine(Pick(list.Name == null));
        Console.WriteLine(Pick(list.Next.Next != null));
        list.Name = "twenty";
        Console.WriteLine(list.Name);
        Print(list.Name.Length);
        Node.SetNext(list, null);
        Print(list.Count());

        Holder h = new Holder();
        GC.Collect();
        GC.Collect();
        Print(Churn(h, 3000));
        Print(h.Stores);
        Print(h.A.Id);
        Print(h.B.Id);
        Print(Nulls());
        return 100;
    }

    static int Nulls()
    {
        int caught = 0;
        try { Node.ReadId(null); } catch (NullReferenceException) { caught++; }
        try { Node.SetNext(null, null); } catch (NullReferenceException) { caught++; }
        try { Node.CallCount(null); } catch (NullReferenceException) { caught++; }
        return caught;
    }
}
