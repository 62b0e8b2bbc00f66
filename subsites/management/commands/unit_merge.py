from subsites.reorganisation import unit_merge

from ._reorganisation import ReorganisationCommand, parse_day


class Command(ReorganisationCommand):
    help = "Merge units into another (created with --name when it does not exist): the sources cease on --on."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="SOURCE")
        parser.add_argument("--into", required=True, metavar="TARGET")
        parser.add_argument("--name", help="the new unit's Vietnamese name, to create TARGET")
        self.add_on(parser)

    def handle(self, *args, **options):
        self.run(
            unit_merge,
            sources=options["sources"],
            into=options["into"],
            on=parse_day(options["on"]),
            name=options["name"],
        )
