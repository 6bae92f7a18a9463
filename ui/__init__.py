"""All of GrooveLoom's Qt lives here."""
