from .people import Person, load_people, people_problems, register, resolve_people
