// Objects, fields, constructors, virtual/abstract/override/new methods, base
// calls, properties, virtual calls through base references.
using System;

abstract class Shape
{
    public readonly string Name;
    protected int id;
    static int created;

    protected Shape(string name) { Name = name; id = ++created; }

    public abstract double Area();
    public virtual string Describe() { return Name + "#" + id + " area=" + Area(); }
    public string Kind() { return "shape"; }
    public static int Created { get { return created; } }
}

class Rect : Shape
{
    protected double w, h;
    public Rect(double w, double h) : base("rect") { this.w = w; this.h = h; }
    protected Rect(string name, double w, double h) : base(name) { this.w = w; this.h = h; }
    public override double Area() { return w * h; }
    public new string Kind() { return "rect"; }
}

sealed class Square : Rect
{
    public Square(double s) : base("square", s, s) { }
    public override string Describe() { return "[" + base.Describe() + "]"; }
}

class Circle : Shape
{
    double r;
    public Circle(double r) : base("circle") { this.r = r; }
    public override double Area() { return 3 * r * r; }
}

class Node
{
    public int Value;
    public Node Next;
    public Node(int v, Node next) { Value = v; Next = next; }
}

class Counter
{
    int count;
    public int Count { get { return count; } private set { count = value; } }
    public void Increment() { Count = Count + 1; }
    public int this[int i] { get { return count * i; } }
}

class Base
{
    public virtual int F() { return 1; }
    public virtual int G() { return F() * 10; }
}

class Derived : Base
{
    public override int F() { return 2; }
}

class MoreDerived : Derived
{
    public override int G() { return base.G() + 5; }
}

static class ObjectsVirtual
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static int Main()
    {
        Shape[] shapes = { new Rect(2, 3), new Square(4), new Circle(1), new Rect(0.5, 8) };
        double total = 0;
        foreach (Shape s in shapes)
        {
            Console.WriteLine(s.Describe());
            total += s.Area();
        }
        Check(total == 6 + 16 + 3 + 4, "total area " + total);
        Check(Shape.Created == 4, "static counter");
        Check(shapes[1].Describe() == "[square#2 area=16]", "base call in override");
        Check(shapes[0].Kind() == "shape" && ((Rect)shapes[0]).Kind() == "rect", "new hides, not overrides");

        Base b1 = new Base(), b2 = new Derived(), b3 = new MoreDerived();
        Check(b1.G() == 10 && b2.G() == 20 && b3.G() == 25, "virtual dispatch through base");

        // Linked list of objects.
        Node head = null;
        for (int i = 1; i <= 100; i++) head = new Node(i, head);
        int sum = 0, len = 0;
        for (Node n = head; n != null; n = n.Next) { sum += n.Value; len++; }
        Check(sum == 5050 && len == 100, "linked list");

        // Reverse in place.
        Node prev = null, cur = head;
        while (cur != null) { Node next = cur.Next; cur.Next = prev; prev = cur; cur = next; }
        Check(prev.Value == 1 && prev.Next.Value == 2, "reversed list");

        var c = new Counter();
        for (int i = 0; i < 7; i++) c.Increment();
        Check(c.Count == 7 && c[3] == 21, "properties and indexer");

        object o = new Square(1);
        Check(o.ToString() == "Square", "default ToString: " + o);
        Check(o.GetType().Name == "Square" && o.GetType().BaseType.Name == "Rect", "GetType");
        Check(!ReferenceEquals(new Node(1, null), new Node(1, null)), "distinct objects");
        Node same = head;
        Check(ReferenceEquals(same, head) && same.Equals(head), "reference equality");

        Console.WriteLine(failures == 0 ? "objects_virtual ok" : "objects_virtual FAILED");
        return failures == 0 ? 100 : 1;
    }
}
