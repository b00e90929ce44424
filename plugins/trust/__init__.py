from .trust import PROVIDES, register, settings_for, trust_problems

# Plugins whose handlers of the same signals must run before this one's (ARCHITECTURE.md).
AFTER = {"people": "it reads whether each reviewer is a named person, which people sets on "
                   "all_generators_finalized",
         "plain_language": "it reads each article's grades against its reading target, which "
                           "plain_language sets on all_generators_finalized"}
