print("neurocards")
