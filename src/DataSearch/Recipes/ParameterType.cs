namespace DataSearch.Recipes;

/// <summary>The type of an operator parameter, as written in recipes and the catalog.</summary>
public enum ParameterType
{
    /// <summary>A whole number (<c>int</c>).</summary>
    Int,

    /// <summary>A real number (<c>float</c>); whole numbers are accepted.</summary>
    Float,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary>Any text (<c>str</c>).</summary>
    String,

    /// <summary>One of a fixed list of words (<c>choice</c>).</summary>
    Choice,

    /// <summary>A list of text values (<c>list[str]</c>).</summary>
    StringList,

    /// <summary>A map from names to non-negative weights (<c>dict[str,float]</c>).</summary>
    Weights,

    /// <summary>A list of sub-recipes, each a list of steps (<c>branches</c>).</summary>
    Branches,
}
