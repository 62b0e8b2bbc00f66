from subsites.reorganisation import unit_close

from ._reorganisation import ReorganisationCommand, parse_day


class Command(ReorganisationCommand):
    help = "Close a unit on --on; its open work goes to --successor."

    def add_arguments(self, parser):
        parser.add_argument("key")
        parser.add_argument("--successor", help="the unit that takes over its work")
        self.add_on(parser)

    def handle(self, *args, **options):
        self.run(unit_close, key=options["key"], on=parse_day(options["on"]), successor=options["successor"])
